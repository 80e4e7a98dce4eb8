// One WebRTC peer of simple-peer's interop tests, written against the standard
// RTCPeerConnection so that the same code runs in Chromium (page.html) and in Node with
// @roamhq/wrtc (node-peer.js). It signals through the test's WebSocket relay, sends a
// reproducible byte stream in 16 KiB messages with back-pressure, checks the stream it
// receives byte by byte, and reports {type:'report', received, mismatch, sent} to the relay.
(function (root) {
  'use strict';

  // The same stream as Pattern.java (32-bit arithmetic on both sides).
  function patternByte(seed, i) {
    let h = Math.imul((i >>> 2) ^ seed, 0x9E3779B1);
    h ^= h >>> 15;
    h = Math.imul(h, 0x85EBCA77);
    h ^= h >>> 13;
    return (h >>> ((i & 3) * 8)) & 255;
  }

  function runPeer(opts) {
    const CHUNK = 16 * 1024;
    const HIGH_WATER = 1024 * 1024;
    const ws = new opts.WebSocket(opts.wsUrl);
    let pc = null;
    let channel = null;
    let received = 0;
    let mismatch = -1;
    let mismatchDetail = null;
    let messages = 0;
    let sent = 0;
    let reported = false;
    let drainTimer = null;
    let openedAt = -1;
    // On a channel the other side opened, Chromium can drop the first sends ("Send failed
    // INVALID_STATE" in its log, no exception) although the channel reports 'open'. When the
    // other side is to send too, such a channel is written to once it has spoken, or after a
    // grace period (a benchmark that only receives from us starts at once, as before).
    let mayPump = !!opts.initiator || !(opts.expectBytes > 0);
    const GRACE_MS = 500;
    let receiveMs = -1;
    const now = function () { return typeof performance !== 'undefined' ? performance.now() : Date.now(); };

    // What a failing test needs to tell a lost, repeated or damaged message apart.
    function describeMismatch(d, k, dataType) {
      const head = function (from, get) {
        const out = [];
        for (let j = from; j < Math.min(from + 8, d.length); j++) out.push(get(j));
        return out.join(',');
      };
      return { message: messages, messageLength: d.length, offsetInMessage: k, dataType: dataType,
        actual: head(k, function (j) { return d[j]; }),
        expected: head(k, function (j) { return patternByte(opts.expectSeed, received + j); }) };
    }
    function report(extra) {
      if (reported) return;
      reported = true;
      ws.send(JSON.stringify(Object.assign({ type: 'report', received: received, messages: messages,
        mismatch: mismatch, mismatchDetail: mismatchDetail, sent: sent, receiveMs: receiveMs }, extra || {})));
    }
    function fail(e) {
      report({ error: String((e && e.stack) || e) });
    }
    function signal(desc) {
      ws.send(JSON.stringify({ type: desc.type, sdp: desc.sdp }));
    }
    function gathered() {
      return new Promise(function (resolve) {
        if (pc.iceGatheringState === 'complete') return resolve();
        pc.onicegatheringstatechange = function () { if (pc.iceGatheringState === 'complete') resolve(); };
        pc.onicecandidate = function (e) { if (!e.candidate) resolve(); };
      });
    }
    function maybeDone() {
      if (received >= opts.expectBytes && sent >= opts.sendBytes) report();
    }
    function pump() {
      drainTimer = null;
      if (!channel || channel.readyState !== 'open' || !mayPump) return;
      while (sent < opts.sendBytes && channel.bufferedAmount < HIGH_WATER) {
        const n = Math.min(CHUNK, opts.sendBytes - sent);
        const b = new Uint8Array(n);
        for (let k = 0; k < n; k++) b[k] = patternByte(opts.sendSeed, sent + k);
        channel.send(b.buffer);
        sent += n;
      }
      if (sent < opts.sendBytes) {
        // onbufferedamountlow also resumes us where it is implemented; polling covers the rest.
        if (drainTimer === null) drainTimer = setTimeout(pump, 5);
      }
      maybeDone();
    }
    function release() {
      if (!mayPump) {
        mayPump = true;
        pump();
      }
    }
    function opened() {
      if (openedAt < 0) {
        openedAt = now();
        if (!mayPump) setTimeout(release, GRACE_MS);
      }
    }
    function setup(ch) {
      channel = ch;
      ch.binaryType = 'arraybuffer';
      ch.bufferedAmountLowThreshold = 256 * 1024;
      ch.onbufferedamountlow = pump;
      ch.onopen = function () { opened(); pump(); };
      ch.onmessage = function (e) {
        release();
        const d = typeof e.data === 'string' ? new TextEncoder().encode(e.data) : new Uint8Array(e.data);
        for (let k = 0; k < d.length; k++) {
          if (mismatch < 0 && d[k] !== patternByte(opts.expectSeed, received + k)) {
            mismatch = received + k;
            mismatchDetail = describeMismatch(d, k, typeof e.data);
          }
        }
        received += d.length;
        messages++;
        // Receive time, from channel open to the last expected byte, for the benchmarks.
        if (receiveMs < 0 && received >= opts.expectBytes) receiveMs = now() - openedAt;
        maybeDone();
      };
      ch.onclose = function () {
        report({ closed: true });
        if (opts.onClosed) opts.onClosed();
      };
      if (ch.readyState === 'open') { opened(); pump(); }
    }

    ws.onopen = async function () {
      try {
        pc = new opts.RTCPeerConnection({ iceServers: [] });
        pc.ondatachannel = function (e) { setup(e.channel); };
        if (opts.initiator) {
          setup(pc.createDataChannel('webtorrent4j', { ordered: true }));
          await pc.setLocalDescription(await pc.createOffer());
          await gathered();
          signal(pc.localDescription);
        }
      } catch (e) { fail(e); }
    };
    ws.onmessage = async function (ev) {
      try {
        const msg = JSON.parse(typeof ev.data === 'string' ? ev.data : ev.data.toString());
        if (msg.type === 'offer') {
          await pc.setRemoteDescription(msg);
          await pc.setLocalDescription(await pc.createAnswer());
          await gathered();
          signal(pc.localDescription);
        } else if (msg.type === 'answer') {
          await pc.setRemoteDescription(msg);
        } else if (msg.type === 'candidate') {
          await pc.addIceCandidate(msg.candidate);
        }
      } catch (e) { fail(e); }
    };
    ws.onerror = function (e) { if (opts.log) opts.log('websocket error ' + (e.message || e)); };
  }

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = runPeer;
  } else {
    root.runPeer = runPeer;
  }
})(this);

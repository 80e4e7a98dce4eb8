// Runs peer.js in Node with @roamhq/wrtc; NODE_PATH points at the install of install.sh.
// usage: node node-peer.js WS_URL initiator|answerer SEND_BYTES SEND_SEED EXPECT_BYTES EXPECT_SEED
'use strict';
const { RTCPeerConnection } = require('@roamhq/wrtc');
const WebSocket = require('ws');
const runPeer = require('./peer.js');

const [wsUrl, role, sendBytes, sendSeed, expectBytes, expectSeed] = process.argv.slice(2);
// A bounded life: a test that goes wrong must not leave this process behind.
setTimeout(function () { console.error('node-peer: timed out'); process.exit(2); }, 240000);
runPeer({
  RTCPeerConnection: RTCPeerConnection,
  WebSocket: WebSocket,
  wsUrl: wsUrl,
  initiator: role === 'initiator',
  sendBytes: Number(sendBytes),
  sendSeed: Number(sendSeed),
  expectBytes: Number(expectBytes),
  expectSeed: Number(expectSeed),
  log: function (m) { console.error('node-peer: ' + m); },
  // The Java side closes when it is done; give the report a moment to leave, then exit.
  onClosed: function () { setTimeout(function () { process.exit(0); }, 200); }
});

package org.webtorrent4j.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;

/** Logs every event as a line of text, so tests compare whole conversations. */
class RecordingListener implements WireListener {
    final List<String> events = new ArrayList<>();
    CloseReason closeReason;
    Throwable closeCause;
    ExtendedHandshake extendedHandshake;
    /** Called on unchoke, to let a test react (e.g. send requests). */
    BiConsumer<Wire, String> onEvent = (w, e) -> {};
    byte[] acceptInfoHash;
    byte[] peerId = new byte[20];

    private void log(Wire w, String e) {
        events.add(e);
        onEvent.accept(w, e);
    }

    @Override public void onInfoHash(Wire w, byte[] infoHash) {
        log(w, "infohash " + HexFormat.of().formatHex(infoHash));
        if (acceptInfoHash != null && java.util.Arrays.equals(acceptInfoHash, infoHash)) {
            w.handshake(infoHash, peerId);
        }
    }
    @Override public void onHandshake(Wire w, Handshake h) { log(w, "handshake " + h); }
    @Override public void onKeepAlive(Wire w) { log(w, "keepalive"); }
    @Override public void onChoke(Wire w) { log(w, "choke"); }
    @Override public void onUnchoke(Wire w) { log(w, "unchoke"); }
    @Override public void onInterested(Wire w) { log(w, "interested"); }
    @Override public void onNotInterested(Wire w) { log(w, "notinterested"); }
    @Override public void onHave(Wire w, int index) { log(w, "have " + index); }
    @Override public void onBitfield(Wire w, BitSet pieces) { log(w, "bitfield " + pieces); }
    @Override public void onHaveAll(Wire w) { log(w, "haveall"); }
    @Override public void onHaveNone(Wire w) { log(w, "havenone"); }
    @Override public void onRequest(Wire w, Request r) { log(w, "request " + r); }
    @Override public void onCancel(Wire w, Request r) { log(w, "cancel " + r); }
    @Override public void onPiece(Wire w, int index, int begin, ByteBuf block) {
        try {
            log(w, "piece " + index + " " + begin + " " + ByteBufUtil.hexDump(block));
        } finally {
            block.release();
        }
    }
    @Override public void onRequestFailed(Wire w, Request r, RequestFailure f) { log(w, "failed " + r + " " + f); }
    @Override public void onPort(Wire w, int port) { log(w, "port " + port); }
    @Override public void onHashRequest(Wire w, HashRequest r) { log(w, "hashrequest " + r); }
    @Override public void onHashes(Wire w, HashRequest r, byte[] hashes) {
        log(w, "hashes " + r + " " + HexFormat.of().formatHex(hashes));
    }
    @Override public void onHashReject(Wire w, HashRequest r) { log(w, "hashreject " + r); }
    @Override public void onSuggest(Wire w, int index) { log(w, "suggest " + index); }
    @Override public void onAllowedFast(Wire w, int index) { log(w, "allowedfast " + index); }
    @Override public void onExtendedHandshake(Wire w, ExtendedHandshake h) {
        extendedHandshake = h;
        log(w, "extended " + h.messageIds() + " v=" + h.client() + " reqq=" + h.reqq());
    }
    @Override public void onWritabilityChanged(Wire w, boolean writable) { log(w, "writable " + writable); }
    @Override public void onClose(Wire w, CloseReason reason, Throwable cause) {
        closeReason = reason;
        closeCause = cause;
        log(w, "close " + reason);
    }
}

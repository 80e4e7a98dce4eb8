package org.webtorrent4j.swarm;

import io.netty.buffer.ByteBuf;
import java.util.BitSet;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.ExtendedHandshake;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.HashRequest;
import org.webtorrent4j.wire.Request;
import org.webtorrent4j.wire.RequestFailure;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;

/**
 * Passes every event to a listener chosen late: an incoming connection only finds its torrent
 * once the peer's info-hash arrives. Events before that are dropped (piece buffers released).
 */
abstract class ForwardingWireListener implements WireListener {
    private static final WireListener NONE = new WireListener() {};

    private WireListener delegate = NONE;

    final void forwardTo(WireListener listener) {
        delegate = listener;
    }

    @Override public void onInfoHash(Wire w, byte[] infoHash) { delegate.onInfoHash(w, infoHash); }
    @Override public void onHandshake(Wire w, Handshake h) { delegate.onHandshake(w, h); }
    @Override public void onKeepAlive(Wire w) { delegate.onKeepAlive(w); }
    @Override public void onChoke(Wire w) { delegate.onChoke(w); }
    @Override public void onUnchoke(Wire w) { delegate.onUnchoke(w); }
    @Override public void onInterested(Wire w) { delegate.onInterested(w); }
    @Override public void onNotInterested(Wire w) { delegate.onNotInterested(w); }
    @Override public void onHave(Wire w, int index) { delegate.onHave(w, index); }
    @Override public void onBitfield(Wire w, BitSet pieces) { delegate.onBitfield(w, pieces); }
    @Override public void onHaveAll(Wire w) { delegate.onHaveAll(w); }
    @Override public void onHaveNone(Wire w) { delegate.onHaveNone(w); }
    @Override public void onRequest(Wire w, Request r) { delegate.onRequest(w, r); }
    @Override public void onCancel(Wire w, Request r) { delegate.onCancel(w, r); }
    @Override public void onPiece(Wire w, int index, int begin, ByteBuf block) { delegate.onPiece(w, index, begin, block); }
    @Override public void onRequestFailed(Wire w, Request r, RequestFailure f) { delegate.onRequestFailed(w, r, f); }
    @Override public void onHashRequest(Wire w, HashRequest r) { delegate.onHashRequest(w, r); }
    @Override public void onHashes(Wire w, HashRequest r, byte[] hashes) { delegate.onHashes(w, r, hashes); }
    @Override public void onHashReject(Wire w, HashRequest r) { delegate.onHashReject(w, r); }
    @Override public void onPort(Wire w, int port) { delegate.onPort(w, port); }
    @Override public void onSuggest(Wire w, int index) { delegate.onSuggest(w, index); }
    @Override public void onAllowedFast(Wire w, int index) { delegate.onAllowedFast(w, index); }
    @Override public void onExtendedHandshake(Wire w, ExtendedHandshake h) { delegate.onExtendedHandshake(w, h); }
    @Override public void onWritabilityChanged(Wire w, boolean writable) { delegate.onWritabilityChanged(w, writable); }
    @Override public void onClose(Wire w, CloseReason reason, Throwable cause) { delegate.onClose(w, reason, cause); }
}

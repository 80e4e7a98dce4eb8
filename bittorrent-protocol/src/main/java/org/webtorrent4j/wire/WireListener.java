package org.webtorrent4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.BitSet;

/**
 * Events of one {@link Wire}, called on the wire's thread. Every method has an empty default.
 * Ownership: only {@link #onPiece} hands over a buffer, which the listener must release.
 */
public interface WireListener {
    /**
     * The peer's info-hash arrived before we sent a handshake (an incoming connection). Answer with
     * {@link Wire#handshake} to accept it, or do nothing (or {@link Wire#close}) to refuse it.
     */
    default void onInfoHash(Wire wire, byte[] infoHash) {}

    /** The peer's complete handshake. */
    default void onHandshake(Wire wire, Handshake handshake) {}

    default void onKeepAlive(Wire wire) {}

    default void onChoke(Wire wire) {}

    default void onUnchoke(Wire wire) {}

    default void onInterested(Wire wire) {}

    default void onNotInterested(Wire wire) {}

    default void onHave(Wire wire, int index) {}

    /** The peer's bitfield (a copy), sent as {@code bitfield}. */
    default void onBitfield(Wire wire, BitSet pieces) {}

    default void onHaveAll(Wire wire) {}

    default void onHaveNone(Wire wire) {}

    /** The peer requests a block; answer with {@link Wire#piece} or {@link Wire#reject}. */
    default void onRequest(Wire wire, Request request) {}

    /** The peer cancelled one of its requests. */
    default void onCancel(Wire wire, Request request) {}

    /**
     * A block we requested. Ownership: {@code block} is a retained slice of the received bytes
     * (no copy); the listener must release it.
     */
    default void onPiece(Wire wire, int index, int begin, ByteBuf block) {
        block.release();
    }

    /** One of our requests will not be answered: re-request it elsewhere. */
    default void onRequestFailed(Wire wire, Request request, RequestFailure failure) {}

    /**
     * The peer asks for merkle hashes (BEP 52); answer with {@link Wire#hashes} or {@link
     * Wire#hashReject}. The request's numbers are bounded but not checked against any file.
     */
    default void onHashRequest(Wire wire, HashRequest request) {}

    /**
     * Hashes from the peer (BEP 52), unverified: {@code request.length()} base-layer hashes then
     * {@link HashRequest#uncleCount()} uncle hashes, bottom up, 32 bytes each.
     */
    default void onHashes(Wire wire, HashRequest request, byte[] hashes) {}

    /** The peer will not answer this hash request (BEP 52). */
    default void onHashReject(Wire wire, HashRequest request) {}

    /** The peer's DHT port (BEP 5). */
    default void onPort(Wire wire, int port) {}

    default void onSuggest(Wire wire, int index) {}

    /** The peer lets us request this piece even while it chokes us (BEP 6). */
    default void onAllowedFast(Wire wire, int index) {}

    /** The peer's extended handshake (BEP 10). */
    default void onExtendedHandshake(Wire wire, ExtendedHandshake handshake) {}

    /** The transport's writability changed (back-pressure): stop serving blocks while false. */
    default void onWritabilityChanged(Wire wire, boolean writable) {}

    /**
     * The wire closed. Called exactly once.
     *
     * @param cause the protocol violation or error behind {@code reason}, or null for a clean close
     */
    default void onClose(Wire wire, CloseReason reason, Throwable cause) {}
}

package org.webtorrent4j.wire;

/** Why a {@link Wire} closed. The caller sees it in {@link WireListener#onClose}. */
public enum CloseReason {
    /** We closed it ({@link Wire#close()}). */
    LOCAL(false),
    /** The transport reported end of stream. */
    REMOTE_CLOSED(false),
    /** The transport failed (I/O error). */
    TRANSPORT_ERROR(false),
    /** Nothing was received within the idle timeout. */
    IDLE_TIMEOUT(false),
    /** The handshake did not complete in time. */
    HANDSHAKE_TIMEOUT(false),
    /** Our listener or an extension threw an unexpected exception. */
    LISTENER_ERROR(false),
    /** An incoming connection asked for a torrent we do not serve. */
    UNKNOWN_INFO_HASH(false),

    /** The handshake is not a BitTorrent handshake. */
    BAD_HANDSHAKE(true),
    /** The peer answered with another info-hash than the one we asked for. */
    INFO_HASH_MISMATCH(true),
    /** A message is longer than its limit (checked before anything is buffered). */
    MESSAGE_TOO_LONG(true),
    /** A message has the wrong length or content for its type. */
    MALFORMED_MESSAGE(true),
    /** A message that is not allowed now (e.g. a second bitfield, a fast message without BEP 6). */
    UNEXPECTED_MESSAGE(true),
    /** A piece index beyond the torrent. */
    PIECE_INDEX_OUT_OF_RANGE(true),
    /** A request for more than the block length limit. */
    REQUEST_TOO_LONG(true),
    /** More queued requests than we advertised in {@code reqq}. */
    TOO_MANY_REQUESTS(true),
    /** A reject for a request we never sent (BEP 6). */
    UNSOLICITED_REJECT(true),
    /** An extended message that its extension could not decode. */
    MALFORMED_EXTENSION_MESSAGE(true),
    /** An extension judged the peer abusive (flooding, lying). */
    PEER_MISBEHAVED(true);

    private final boolean protocolViolation;

    CloseReason(boolean protocolViolation) {
        this.protocolViolation = protocolViolation;
    }

    /** True when the peer broke the protocol and deserves a penalty. */
    public boolean isProtocolViolation() {
        return protocolViolation;
    }
}

package org.webtorrent4j.wire;

/** A peer broke the wire protocol; the connection is closed with {@link #reason()}. */
public final class WireProtocolException extends RuntimeException {
    private final CloseReason reason;

    public WireProtocolException(CloseReason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public CloseReason reason() {
        return reason;
    }
}

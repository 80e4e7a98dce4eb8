package org.webtorrent4j.tracker;

/** A request or response that is malformed, truncated, oversized or has ids of the wrong length. */
public class TrackerProtocolException extends TrackerException {
    private static final long serialVersionUID = 1L;

    public TrackerProtocolException(String message) {
        super(message);
    }

    public TrackerProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

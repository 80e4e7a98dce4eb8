package org.webtorrent4j.tracker;

/** Base of the tracker errors: a request that could not be completed. */
public class TrackerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TrackerException(String message) {
        super(message);
    }

    public TrackerException(String message, Throwable cause) {
        super(message, cause);
    }
}

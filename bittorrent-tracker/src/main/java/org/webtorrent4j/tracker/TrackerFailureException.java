package org.webtorrent4j.tracker;

/** The tracker answered with a {@code failure reason} (or a UDP error packet). */
public class TrackerFailureException extends TrackerException {
    private static final long serialVersionUID = 1L;
    private final String reason;

    public TrackerFailureException(String reason) {
        super("tracker failure: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

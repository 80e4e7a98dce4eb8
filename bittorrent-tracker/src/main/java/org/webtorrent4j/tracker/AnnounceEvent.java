package org.webtorrent4j.tracker;

/** The {@code event} of an announce (BEP 3), with its UDP code (BEP 15). */
public enum AnnounceEvent {
    /** A regular update: no event. */
    NONE(0, ""),
    COMPLETED(1, "completed"),
    STARTED(2, "started"),
    STOPPED(3, "stopped");

    private final int udpCode;
    private final String httpName;

    AnnounceEvent(int udpCode, String httpName) {
        this.udpCode = udpCode;
        this.httpName = httpName;
    }

    public int udpCode() {
        return udpCode;
    }

    /** The value of the HTTP/WebSocket {@code event} parameter; empty for {@link #NONE}. */
    public String httpName() {
        return httpName;
    }

    public static AnnounceEvent fromUdpCode(int code) {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> COMPLETED;
            case 2 -> STARTED;
            case 3 -> STOPPED;
            default -> throw new TrackerProtocolException("unknown UDP announce event " + code);
        };
    }

    /** Parses the HTTP/WebSocket name; absent, empty, "empty" and "update" mean a regular update. */
    public static AnnounceEvent fromHttpName(String name) {
        if (name == null) {
            return NONE;
        }
        return switch (name) {
            case "", "empty", "update" -> NONE;
            case "completed" -> COMPLETED;
            case "started" -> STARTED;
            case "stopped" -> STOPPED;
            default -> throw new TrackerProtocolException("unknown announce event '" + name + "'");
        };
    }
}

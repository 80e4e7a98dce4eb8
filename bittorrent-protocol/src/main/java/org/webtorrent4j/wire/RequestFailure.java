package org.webtorrent4j.wire;

/** Why one of our requests will not be answered. */
public enum RequestFailure {
    /** The peer choked us without the fast extension, which drops every pending request. */
    CHOKED,
    /** The peer sent a reject (BEP 6). */
    REJECTED,
    /** No answer within the request timeout. */
    TIMED_OUT
}

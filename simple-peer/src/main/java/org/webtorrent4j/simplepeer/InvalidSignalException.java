package org.webtorrent4j.simplepeer;

/** A signalling message that is malformed or does not fit the peer's role or state. */
public class InvalidSignalException extends PeerException {
    private static final long serialVersionUID = 1L;

    public InvalidSignalException(String message) {
        super(message);
    }
}

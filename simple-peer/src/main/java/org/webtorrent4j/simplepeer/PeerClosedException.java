package org.webtorrent4j.simplepeer;

/** The peer closed before the operation could finish (e.g. data queued by {@code send}). */
public class PeerClosedException extends PeerException {
    private static final long serialVersionUID = 1L;

    public PeerClosedException(String message) {
        super(message);
    }
}

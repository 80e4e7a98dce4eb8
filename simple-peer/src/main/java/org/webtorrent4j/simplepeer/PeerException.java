package org.webtorrent4j.simplepeer;

/** Why a peer failed or refused an operation. */
public class PeerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PeerException(String message) {
        super(message);
    }

    public PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}

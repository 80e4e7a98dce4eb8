package org.webtorrent4j.magnet;

/** A string that is not a valid BitTorrent magnet link; the message says what is wrong. */
public final class InvalidMagnetUriException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidMagnetUriException(String message) {
        super(message);
    }
}

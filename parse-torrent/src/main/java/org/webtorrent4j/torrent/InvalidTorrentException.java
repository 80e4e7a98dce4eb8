package org.webtorrent4j.torrent;

/** Input that is not a usable torrent (or info-hash, or magnet link); the message says what is wrong. */
public final class InvalidTorrentException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidTorrentException(String message) {
        super(message);
    }

    public InvalidTorrentException(String message, Throwable cause) {
        super(message, cause);
    }
}

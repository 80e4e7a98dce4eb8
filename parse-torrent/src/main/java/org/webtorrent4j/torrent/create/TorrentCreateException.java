package org.webtorrent4j.torrent.create;

/**
 * The input of a torrent creation is not acceptable: a missing source, a folder with no data, a
 * piece length that is not a power of two of at least 16 KiB, an unsafe file name, and the like.
 * The message says what is wrong.
 */
public class TorrentCreateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TorrentCreateException(String message) {
        super(message);
    }

    public TorrentCreateException(String message, Throwable cause) {
        super(message, cause);
    }
}

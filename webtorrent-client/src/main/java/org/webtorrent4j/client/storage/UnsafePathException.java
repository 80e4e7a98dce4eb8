package org.webtorrent4j.client.storage;

/** A file path from a torrent that would not stay inside the download folder. */
public final class UnsafePathException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsafePathException(String message) {
        super(message);
    }
}

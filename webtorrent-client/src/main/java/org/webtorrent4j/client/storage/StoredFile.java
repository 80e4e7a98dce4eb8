package org.webtorrent4j.client.storage;

import java.util.List;

/**
 * One file of a torrent as storage sees it.
 *
 * @param path    path components below the download folder (for a multi-file torrent, the
 *                torrent's name comes first)
 * @param length  bytes
 * @param padding a BEP 47 padding file: all zeros, never written to disk
 */
public record StoredFile(List<String> path, long length, boolean padding) {
    public StoredFile {
        path = List.copyOf(path);
    }
}

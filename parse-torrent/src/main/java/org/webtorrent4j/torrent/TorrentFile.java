package org.webtorrent4j.torrent;

import java.util.List;
import java.util.Objects;

/**
 * One file of a torrent.
 *
 * @param path       components relative to the download folder; for a multi-file torrent the first
 *                   is the torrent's name. Every component passed {@link FilePaths}' checks.
 * @param length     bytes, &gt;= 0
 * @param offset     where the file starts in the torrent's concatenated data
 * @param isPadding  a BEP 47 padding file: never shown or written, but it occupies piece space
 * @param piecesRoot the BEP 52 merkle root of the file (32 bytes), or null for v1-only and empty files
 */
public record TorrentFile(List<String> path, long length, long offset, boolean isPadding, byte[] piecesRoot) {
    public TorrentFile {
        path = List.copyOf(path);
        piecesRoot = piecesRoot == null ? null : piecesRoot.clone();
    }

    /** The path joined with {@code /}. */
    public String displayPath() {
        return String.join("/", path);
    }

    /** The file name (last path component). */
    public String name() {
        return path.get(path.size() - 1);
    }

    @Override
    public byte[] piecesRoot() {
        return piecesRoot == null ? null : piecesRoot.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorrentFile f && path.equals(f.path) && length == f.length && offset == f.offset
                && isPadding == f.isPadding && java.util.Arrays.equals(piecesRoot, f.piecesRoot);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, length, offset, isPadding, java.util.Arrays.hashCode(piecesRoot));
    }

    @Override
    public String toString() {
        return displayPath() + " (" + length + " bytes at " + offset + (isPadding ? ", padding)" : ")");
    }
}

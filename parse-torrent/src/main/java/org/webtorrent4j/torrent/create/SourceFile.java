package org.webtorrent4j.torrent.create;

import java.nio.file.Path;
import java.util.List;

/**
 * One file that goes into a torrent.
 *
 * @param file   where its data is read from
 * @param path   its path inside the torrent, one element per folder level (empty for a
 *               single-file torrent, whose only file is named by the torrent's name)
 * @param length its size in bytes when it was listed
 */
public record SourceFile(Path file, List<String> path, long length) {
    public SourceFile {
        path = List.copyOf(path);
    }
}

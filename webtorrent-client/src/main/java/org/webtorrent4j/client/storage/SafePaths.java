package org.webtorrent4j.client.storage;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a torrent's file path below a download folder. The parser already rejects unsafe
 * names; this is the last check before touching the disk, so that no torrent can ever write
 * outside the folder whatever produced its file list.
 */
final class SafePaths {
    private SafePaths() {}

    static Path resolve(Path root, List<String> components) {
        if (components.isEmpty()) {
            throw new UnsafePathException("empty file path");
        }
        Path path = root;
        for (String c : components) {
            if (c.isEmpty() || c.equals(".") || c.equals("..") || c.indexOf('/') >= 0 || c.indexOf('\\') >= 0
                    || c.indexOf('\0') >= 0) {
                throw new UnsafePathException("unsafe path component '" + c.replace("\0", "\\0") + "' in " + components);
            }
            try {
                path = path.resolve(c);
            } catch (InvalidPathException e) {
                throw new UnsafePathException("invalid path component '" + c + "': " + e.getMessage());
            }
        }
        Path normalized = path.normalize();
        if (!normalized.startsWith(root) || normalized.equals(root)) {
            throw new UnsafePathException("path " + components + " escapes the download folder");
        }
        return normalized;
    }
}

package org.webtorrent4j.client.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.webtorrent4j.torrent.InvalidTorrentException;
import org.webtorrent4j.torrent.Torrent;

/** A command's torrent argument: a .torrent file, a magnet link or an info-hash. */
final class TorrentArgument {
    private TorrentArgument() {}

    /** Loads it; what looks like a path but names no file is a {@link NoSuchFileException}. */
    static Torrent load(String input) throws IOException {
        Path path;
        try {
            path = Path.of(input);
        } catch (InvalidPathException notAPath) {
            path = null;
        }
        if (path != null && Files.isRegularFile(path)) {
            return Torrent.parse(path);
        }
        if (path != null && Files.isDirectory(path)) {
            throw new InvalidTorrentException(input + " is a folder, not a .torrent file");
        }
        try {
            return Torrent.parse(input);
        } catch (InvalidTorrentException e) {
            boolean magnet = input.regionMatches(true, 0, "magnet:", 0, 7); // its URLs have slashes too
            if (!magnet && (input.endsWith(".torrent") || input.contains("/") || input.contains(java.io.File.separator))) {
                throw new NoSuchFileException(input);
            }
            throw e;
        }
    }

    /** Why loading failed, in one line. */
    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        if (e instanceof UncheckedIOException u) {
            return describe(u.getCause());
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("[\\r\\n]+", " ");
    }
}

package org.webtorrent4j.client.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.TorrentCreator;

/** Torrents of random data for interop tests, made by our own creator. */
final class InteropTorrents {
    private InteropTorrents() {}

    /** Writes the files (path to size) under {@code dir/name} and returns their torrent. */
    static Torrent multiFile(Path dir, String name, int pieceLength, Map<String, Integer> files) throws Exception {
        Random random = new Random(42);
        for (Map.Entry<String, Integer> f : new TreeMap<>(files).entrySet()) {
            byte[] data = new byte[f.getValue()];
            random.nextBytes(data);
            Path p = dir.resolve(name).resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, data);
        }
        byte[] bytes = TorrentCreator.create(dir.resolve(name),
                CreateOptions.builder().pieceLength(pieceLength).build()).torrentBytes();
        return Torrent.parse(bytes);
    }

    /** Both folders hold the same files with the same bytes. */
    static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(expected)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(actual.resolve(expected.relativize(f))), f.toString());
        }
        try (Stream<Path> walk = Files.walk(actual)) {
            assertEquals(files.size(), walk.filter(Files::isRegularFile).count(), "same number of files");
        }
    }
}

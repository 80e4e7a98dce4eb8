package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.testkit.ProcessRunner;
import org.webtorrent4j.torrent.Torrent;

/**
 * Seeding needs only to read: files the user may not write (a read-only mount, another user's
 * files, an archive marked read-only) must be checked and seeded. The start-up check opens every
 * file for writing and fails the torrent instead. Tests run as root here, so the file is made
 * immutable (chattr +i), which refuses writes even to root.
 */
class ReadOnlySeedTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    @Test
    void seedsAFileItMayNotWrite() throws Exception {
        byte[] data = TestTorrents.random(3 * PIECE + 11, 61);
        Path dir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(dir, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        Path file = dir.resolve("data.bin");
        boolean readOnly = Files.isExecutable(Path.of("/usr/bin/chattr"))
                && ProcessRunner.run(java.time.Duration.ofSeconds(10), "/usr/bin/chattr", "+i", file.toString()).exitCode() == 0;
        Assumptions.assumeTrue(readOnly || !Files.isWritable(file), "cannot make a file read-only here");
        try (WebTorrent client = LoopbackSwarmTest.client(dir)) {
            TorrentHandle h = client.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            assertEquals(torrent.pieceCount(), h.verifiedPieces().cardinality());
        } finally {
            ProcessRunner.run(java.time.Duration.ofSeconds(10), "/usr/bin/chattr", "-i", file.toString());
        }
    }
}

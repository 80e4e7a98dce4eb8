package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;

/** A file selected after the pieces holding it were verified must still appear on disk. */
class SelectionTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    /**
     * b.bin lies inside one piece shared with a.bin and c.bin. Downloading a.bin and c.bin stores
     * that piece whole, b.bin's bytes in the part file. Selecting b.bin then finds nothing to
     * download, so nothing ever writes b.bin: the torrent says done, and the file is not there
     * (its bytes stay in the hidden part file), not even after a restart with every file selected.
     */
    @Test
    void aFileSelectedAfterItsPiecesWereVerifiedIsWrittenToItsPlace() throws Exception {
        List<Content> files = List.of(
                new Content("a.bin", TestTorrents.random(2 * PIECE + 100, 31)),
                new Content("b.bin", TestTorrents.random(200, 32)),
                new Content("c.bin", TestTorrents.random(2 * PIECE, 33)));
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "multi", PIECE, files);
        Path b = leechDir.resolve("multi/b.bin");
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().selected(Set.of(0, 2))
                    .peers(List.of(seeder.listenAddress())).build());
            h.done().get(60, TimeUnit.SECONDS);
            assertTrue(h.verifiedPieces().cardinality() == torrent.pieceCount(), "every piece has a selected file");
            assertFalse(Files.exists(b), "not selected, not created");
            h.select(1);
            h.pause().get(10, TimeUnit.SECONDS); // runs after the selection on the torrent's loop
            assertTrue(h.progress() == 1.0);
        }
        try (WebTorrent restarted = LoopbackSwarmTest.client(leechDir)) {
            TorrentHandle h = restarted.add(torrent, AddOptions.defaults());
            h.done().get(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.exists(b), "the torrent is done with b.bin selected, but b.bin is not on disk");
        assertArrayEquals(files.get(1).data(), Files.readAllBytes(b));
    }

    /** Empty files are created at the start only: one selected later never appears. */
    @Test
    void anEmptyFileSelectedLaterIsCreated() throws Exception {
        List<Content> files = List.of(new Content("a.bin", TestTorrents.random(2 * PIECE + 100, 34)),
                new Content("empty.txt", new byte[0]));
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "multi", PIECE, files);
        Path empty = leechDir.resolve("multi/empty.txt");
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().selected(Set.of(0))
                    .peers(List.of(seeder.listenAddress())).build());
            h.done().get(60, TimeUnit.SECONDS);
            assertFalse(Files.exists(empty), "not selected, not created");
            h.select(1);
            h.pause().get(10, TimeUnit.SECONDS); // runs after the selection on the torrent's loop
            assertTrue(h.progress() == 1.0);
        }
        assertTrue(Files.exists(empty), "empty.txt was selected and the torrent is done, but it is not on disk");
    }
}

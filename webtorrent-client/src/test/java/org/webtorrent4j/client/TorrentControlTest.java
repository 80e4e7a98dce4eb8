package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.create.CreateOptions;

/** Selecting files at run time, pausing and resuming, removing with data, seeding a folder. */
class TorrentControlTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    private final List<Content> files = List.of(
            new Content("one.bin", TestTorrents.random(10 * PIECE + 5, 21)),
            new Content("two.bin", TestTorrents.random(12 * PIECE + 9, 22)),
            new Content("three.bin", TestTorrents.random(3 * PIECE, 23)));

    @Test
    void selectsAFileAfterTheFirstSelectionIsDone() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "multi", PIECE, files);
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().selected(Set.of(0))
                    .peers(List.of(seeder.listenAddress())).build());
            h.done().get(60, TimeUnit.SECONDS);
            assertArrayEquals(files.get(0).data(), Files.readAllBytes(leechDir.resolve("multi/one.bin")));
            assertFalse(Files.exists(leechDir.resolve("multi/three.bin")), "not selected, not created");
            assertTrue(h.progress() < 1);

            CompletableFuture<Void> all = new CompletableFuture<>();
            h.addListener(new TorrentListener() {
                @Override
                public void onPieceVerified(int piece) {
                    if (h.verifiedPieces().cardinality() == torrent.pieceCount()) {
                        all.complete(null);
                    }
                }
            });
            h.select(2);
            h.setFilePriority(1, 7);
            all.get(60, TimeUnit.SECONDS);
        }
        for (Content f : files) {
            assertArrayEquals(f.data(), Files.readAllBytes(leechDir.resolve("multi").resolve(f.path())), f.path());
        }
    }

    /** Bytes of unwanted files live in the part file: losing it must make their pieces be checked again. */
    @Test
    void aLostPartFileIsNoticedOnRestart() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "multi", PIECE, files);
        int shared = 10; // one.bin's last 5 bytes and two.bin's first ones
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().selected(Set.of(0))
                    .peers(List.of(seeder.listenAddress())).build());
            h.done().get(60, TimeUnit.SECONDS);
            assertTrue(h.verifiedPieces().get(shared));
        }
        Path parts = leechDir.resolve(".webtorrent4j").resolve(torrent.infoHashV1().orElseThrow().hex() + ".parts");
        assertTrue(Files.exists(parts), "two.bin's bytes of the shared piece went there");
        Files.delete(parts);
        try (WebTorrent restarted = LoopbackSwarmTest.client(leechDir)) {
            TorrentHandle h = restarted.add(torrent, AddOptions.builder().selected(Set.of(0)).build());
            h.ready().get(30, TimeUnit.SECONDS);
            assertFalse(h.verifiedPieces().get(shared), "checked again, and found incomplete");
            assertTrue(h.verifiedPieces().get(shared - 1), "the rest is still trusted or checked");
        }
    }

    @Test
    void pausesAndResumes() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "multi", PIECE, files);
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            TorrentHandle seed = seeder.add(torrent, AddOptions.defaults());
            seed.ready().get(30, TimeUnit.SECONDS);
            seed.pause().get(10, TimeUnit.SECONDS);
            assertTrue(seed.isPaused());
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            h.ready().get(30, TimeUnit.SECONDS);
            Thread.sleep(1000); // a paused seeder refuses the connection: nothing arrives meanwhile
            assertEquals(0, h.verifiedPieces().cardinality());
            seed.resume().get(10, TimeUnit.SECONDS);
            h.addPeers(List.of(seeder.listenAddress()));
            h.done().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void removesWithData() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(dir, "multi", PIECE, files);
        try (WebTorrent client = LoopbackSwarmTest.client(dir)) {
            TorrentHandle h = client.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            client.remove(h, true).get(30, TimeUnit.SECONDS);
            assertTrue(client.torrents().isEmpty());
        }
        for (Content f : files) {
            assertFalse(Files.exists(dir.resolve("multi").resolve(f.path())), f.path());
        }
        assertFalse(Files.exists(dir.resolve(".webtorrent4j").resolve(torrent.infoHashV1().orElseThrow().hex() + ".resume")));
    }

    @Test
    void removingAMagnetBeforeItsMetadataSettlesItsFutures() throws Exception {
        try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            TorrentHandle h = client.add(Torrent.parse("magnet:?xt=urn:btih:" + "ab".repeat(20)), AddOptions.defaults());
            client.remove(h).get(10, TimeUnit.SECONDS);
            assertCancelled(h.metadata());
            assertCancelled(h.ready());
            assertCancelled(h.done());
        }
    }

    @Test
    void removingDuringTheCheckStopsItAndTheTorrentCanBeAddedAgain() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(dir, "big", PIECE,
                List.of(new Content("big.bin", TestTorrents.random(32 * 1024 * 1024, 24))));
        try (WebTorrent client = LoopbackSwarmTest.client(dir)) {
            TorrentHandle first = client.add(torrent, AddOptions.defaults());
            client.remove(first).get(10, TimeUnit.SECONDS); // the check of 2048 pieces is still running
            assertCancelled(first.ready());
            assertCancelled(first.done());
            TorrentHandle again = client.add(torrent, AddOptions.defaults());
            again.done().get(30, TimeUnit.SECONDS);
            Thread.sleep(200); // room for a stale check of the first to end and do harm
            assertTrue(again.done().isDone() && !again.done().isCompletedExceptionally());
            Path leechDir = Files.createDirectories(tmp.resolve("leech"));
            try (WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) { // the swarm routes to the new one
                leecher.add(torrent, AddOptions.builder().peers(List.of(client.listenAddress())).build())
                        .done().get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aTorrentThatCannotReadItsDataFailsReadyAndDone() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(dir, "multi", PIECE, files);
        Path one = dir.resolve("multi/one.bin");
        Files.delete(one);
        Files.createDirectory(one); // a directory where the file should be
        try (WebTorrent client = LoopbackSwarmTest.client(dir)) {
            TorrentHandle h = client.add(torrent, AddOptions.defaults());
            ExecutionException ready = assertThrows(ExecutionException.class, () -> h.ready().get(10, TimeUnit.SECONDS));
            ExecutionException done = assertThrows(ExecutionException.class, () -> h.done().get(10, TimeUnit.SECONDS));
            assertTrue(ready.getCause() instanceof java.io.IOException, ready.getCause().toString());
            assertEquals(ready.getCause(), done.getCause());
        }
    }

    private static void assertCancelled(CompletableFuture<?> future) {
        Throwable error = assertThrows(Exception.class, () -> future.get(5, TimeUnit.SECONDS));
        if (error instanceof ExecutionException) {
            error = error.getCause();
        }
        assertTrue(error instanceof CancellationException, error.toString());
    }

    @Test
    void seedsAFolderWhereItIs() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("share"));
        TestTorrents.write(dir, "multi", PIECE, files);
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        try (WebTorrent seeder = LoopbackSwarmTest.client(tmp); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            TorrentHandle seed = seeder.seed(dir.resolve("multi"), CreateOptions.builder().build());
            seed.ready().get(30, TimeUnit.SECONDS);
            assertTrue(seed.done().isDone(), "every piece found where the files are");
            leecher.add(seed.torrent(), AddOptions.builder().peers(List.of(seeder.listenAddress())).build())
                    .done().get(60, TimeUnit.SECONDS);
        }
        for (Content f : files) {
            assertArrayEquals(f.data(), Files.readAllBytes(leechDir.resolve("multi").resolve(f.path())), f.path());
        }
    }
}

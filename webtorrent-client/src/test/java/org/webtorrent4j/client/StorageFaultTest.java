package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;

/** Storage that fails under a torrent: the torrent stops with the file named, and no bad byte leaves. */
class StorageFaultTest {
    @TempDir
    Path tmp;

    @Test
    void aFullDiskFailsTheTorrentOnceNamingTheFile() throws Exception {
        Path devFull = Path.of("/dev/full"); // every write fails with ENOSPC
        Assumptions.assumeTrue(Files.isWritable(devFull), "no /dev/full here");
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "a.bin", 64 * 1024,
                List.of(new Content("a.bin", TestTorrents.random(2_000_000, 3))));
        Files.createSymbolicLink(leechDir.resolve("a.bin"), devFull);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            ExecutionException failed;
            try (WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
                TorrentHandle handle = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
                handle.addListener(new TorrentListener() {
                    @Override
                    public void onError(Throwable error) {
                        errors.add(error);
                    }
                });
                failed = assertThrows(ExecutionException.class, () -> handle.done().get(60, TimeUnit.SECONDS));
            }
            IOException cause = assertInstanceOf(IOException.class, failed.getCause());
            String message = cause.getMessage();
            assertEquals(true, message.startsWith("cannot write piece ") && message.contains(leechDir.resolve("a.bin").toString())
                    && message.endsWith(": No space left on device"), message);
        }
        assertEquals(1, errors.size(), "one error event, however many pieces were in flight: " + errors);
        assertInstanceOf(IOException.class, errors.get(0));
    }

    @Test
    void aSeederWhoseFileWasCutShortStopsInsteadOfSendingZeros() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "a.bin", 64 * 1024,
                List.of(new Content("a.bin", TestTorrents.random(1_000_000, 4))));
        CompletableFuture<Throwable> seederError = new CompletableFuture<>();
        List<Integer> failedAtLeecher = new CopyOnWriteArrayList<>();
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            TorrentHandle seed = seeder.add(torrent, AddOptions.defaults());
            seed.ready().get(30, TimeUnit.SECONDS);
            seed.addListener(new TorrentListener() {
                @Override
                public void onError(Throwable error) {
                    seederError.complete(error);
                }
            });
            try (FileChannel file = FileChannel.open(seedDir.resolve("a.bin"), StandardOpenOption.WRITE)) {
                file.truncate(100_000); // another program cut the seeded file short
            }
            TorrentHandle leech = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            leech.addListener(new TorrentListener() {
                @Override
                public void onPieceFailed(int piece) {
                    failedAtLeecher.add(piece);
                }
            });
            Throwable error = seederError.get(60, TimeUnit.SECONDS);
            assertInstanceOf(EOFException.class, error);
            assertEquals(true, error.getMessage().startsWith(seedDir.resolve("a.bin") + " ends at byte 100000, before piece "),
                    error.getMessage());
            assertEquals(List.of(), failedAtLeecher, "the leecher got no zeros for a piece");
            assertTrue(leech.verifiedPieces().stream().allMatch(p -> (p + 1) * 64 * 1024 <= 100_000),
                    "only a piece wholly in the bytes left may arrive: " + leech.verifiedPieces());
        }
    }
}

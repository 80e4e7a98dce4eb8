package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;

/** A restarted client continues where it stopped, after a clean stop or a SIGKILL. */
class ResumeTest {
    private static final int PIECE = 64 * 1024;
    private static final long SLOW = 1_000_000; // bytes/s, so that the download is still running when stopped

    @TempDir
    Path tmp;

    private static WebTorrent slowSeeder(Path dir) {
        return new WebTorrent(LoopbackSwarmTest.options(dir).uploadLimit(SLOW).build());
    }

    /** Bytes of the pieces not in {@code have}. */
    private static long missingBytes(Torrent t, BitSet have) {
        long bytes = 0;
        for (int p = 0; p < t.pieceCount(); p++) {
            if (!have.get(p)) {
                bytes += p == t.pieceCount() - 1 ? t.lastPieceLength() : t.pieceLength();
            }
        }
        return bytes;
    }

    @Test
    void continuesAfterACleanStop() throws Exception {
        byte[] data = TestTorrents.random(60 * PIECE + 3, 8);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        try (WebTorrent seeder = slowSeeder(seedDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            BitSet before;
            try (WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
                TorrentHandle h = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
                CompletableFuture<Void> some = new CompletableFuture<>();
                h.addListener(new TorrentListener() {
                    @Override
                    public void onPieceVerified(int piece) {
                        if (h.verifiedPieces().cardinality() >= 5) {
                            some.complete(null);
                        }
                    }
                });
                some.get(60, TimeUnit.SECONDS);
                before = h.verifiedPieces();
            }
            assertTrue(before.cardinality() < torrent.pieceCount(), "stopped mid-download");
            try (WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
                TorrentHandle h = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
                h.ready().get(30, TimeUnit.SECONDS);
                BitSet atStart = h.verifiedPieces();
                BitSet lost = (BitSet) before.clone();
                lost.andNot(atStart);
                assertTrue(lost.isEmpty(), "pieces verified before the stop are still verified: lost " + lost);
                h.done().get(120, TimeUnit.SECONDS);
                assertTrue(h.downloadedBytes() <= missingBytes(torrent, atStart),
                        "downloaded " + h.downloadedBytes() + ", more than the missing " + missingBytes(torrent, atStart));
            }
        }
        assertArrayEquals(data, Files.readAllBytes(leechDir.resolve("data.bin")));
    }

    @Test
    void continuesAfterSigkill() throws Exception {
        byte[] data = TestTorrents.random(60 * PIECE + 3, 9);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        Path torrentFile = tmp.resolve("data.torrent");
        Files.write(torrentFile, torrent.toTorrentBytes());
        try (WebTorrent seeder = slowSeeder(seedDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LeechProcess.class.getName(), torrentFile.toString(),
                    leechDir.toString(), seeder.listenAddress().getHostString(),
                    Integer.toString(seeder.listenAddress().getPort()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            AtomicInteger reported = new AtomicInteger();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("verified ")) {
                        reported.set(Integer.parseInt(line.substring(9)));
                        if (reported.get() >= 8) {
                            break;
                        }
                    }
                }
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no resume record written on the way out
                child.waitFor(30, TimeUnit.SECONDS);
            }
            assertTrue(reported.get() >= 8, "the child verified pieces before it was killed");
            try (WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
                TorrentHandle h = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
                h.ready().get(30, TimeUnit.SECONDS);
                BitSet atStart = h.verifiedPieces();
                assertTrue(atStart.cardinality() >= reported.get(),
                        "every piece reported verified survives the kill: " + atStart.cardinality() + " < " + reported.get());
                assertTrue(atStart.cardinality() < torrent.pieceCount(), "killed mid-download");
                h.done().get(120, TimeUnit.SECONDS);
                assertTrue(h.downloadedBytes() <= missingBytes(torrent, atStart), "nothing verified is downloaded again");
            }
        }
        assertArrayEquals(data, Files.readAllBytes(leechDir.resolve("data.bin")));
    }
}

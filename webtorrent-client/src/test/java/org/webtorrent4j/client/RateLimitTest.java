package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;

/**
 * The rate limits' contract, over a 10-second window and within 10 %: a client limited to 4 MiB/s
 * runs three torrents, one of them limited to 1 MiB/s on its own. That torrent gets its 1 MiB/s
 * (the client's allowance is shared fairly, not grabbed by the busiest torrent) and the two others
 * share the remaining 3. The rates are low so that any machine sustains them: what is measured is
 * the limiter, not speed.
 */
class RateLimitTest {
    private static final long MIB = 1024 * 1024;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long CLIENT_LIMIT = 4 * MIB;
    private static final long TORRENT_LIMIT = MIB;

    @TempDir
    Path tmp;

    @Test
    void downloadLimitsHoldForOneTorrentAndForAClient() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        List<Torrent> torrents = List.of(torrent(seedDir, "a.bin", 31), torrent(seedDir, "b.bin", 32), torrent(seedDir, "c.bin", 33));
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir);
                WebTorrent leecher = new WebTorrent(LoopbackSwarmTest.options(tmp.resolve("leech")).downloadLimit(CLIENT_LIMIT).build())) {
            for (Torrent t : torrents) {
                seeder.add(t, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            }
            AddOptions.Builder fromSeeder = AddOptions.builder().peers(List.of(seeder.listenAddress()));
            TorrentHandle limited = leecher.add(torrents.get(0), fromSeeder.downloadLimit(TORRENT_LIMIT).build());
            TorrentHandle b = leecher.add(torrents.get(1), fromSeeder.downloadLimit(0).build());
            TorrentHandle c = leecher.add(torrents.get(2), fromSeeder.downloadLimit(0).build());
            assertRates(limited, List.of(b, c), TorrentHandle::downloadedBytes);
        }
    }

    @Test
    void uploadLimitsHoldForOneTorrentAndForAClient() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        List<Torrent> torrents = List.of(torrent(seedDir, "a.bin", 41), torrent(seedDir, "b.bin", 42), torrent(seedDir, "c.bin", 43));
        try (WebTorrent seeder = new WebTorrent(LoopbackSwarmTest.options(seedDir).uploadLimit(CLIENT_LIMIT).build());
                WebTorrent leecher = LoopbackSwarmTest.client(tmp.resolve("leech"))) {
            TorrentHandle limited = seeder.add(torrents.get(0), AddOptions.builder().uploadLimit(TORRENT_LIMIT).build());
            List<TorrentHandle> shared = List.of(seeder.add(torrents.get(1), AddOptions.defaults()),
                    seeder.add(torrents.get(2), AddOptions.defaults()));
            limited.ready().get(30, TimeUnit.SECONDS);
            for (TorrentHandle h : shared) {
                h.ready().get(30, TimeUnit.SECONDS);
            }
            for (Torrent t : torrents) {
                leecher.add(t, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            }
            assertRates(limited, shared, TorrentHandle::uploadedBytes);
        }
    }

    private static Torrent torrent(Path dir, String name, long seed) throws Exception {
        return TestTorrents.write(dir, name, 256 * 1024, List.of(new Content(name, TestTorrents.random(24 << 20, seed))));
    }

    /**
     * After the transfers got going (start-up bursts spent), counts bytes over the window: the
     * torrent with its own limit at 1 MiB/s, the two others at the client's remaining 3 MiB/s.
     */
    private static void assertRates(TorrentHandle limited, List<TorrentHandle> shared, ToLongFunction<TorrentHandle> bytes)
            throws InterruptedException {
        List<TorrentHandle> all = new java.util.ArrayList<>(shared);
        all.add(limited);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (all.stream().anyMatch(h -> bytes.applyAsLong(h) == 0)) {
            assertTrue(System.nanoTime() < deadline, "every torrent should be transferring");
            Thread.sleep(50);
        }
        Thread.sleep(2000);
        long start = System.nanoTime();
        long limitedAtStart = bytes.applyAsLong(limited);
        long sharedAtStart = shared.stream().mapToLong(bytes).sum();
        TimeUnit.NANOSECONDS.sleep(WINDOW_NANOS);
        double seconds = (System.nanoTime() - start) / 1e9;
        double limitedRate = (bytes.applyAsLong(limited) - limitedAtStart) / seconds;
        double sharedRate = (shared.stream().mapToLong(bytes).sum() - sharedAtStart) / seconds;
        System.out.printf("rate limits: torrent %.3f MiB/s (its limit 1), the others %.3f MiB/s (client limit 4)%n",
                limitedRate / MIB, sharedRate / MIB);
        double rest = CLIENT_LIMIT - TORRENT_LIMIT;
        assertEquals(TORRENT_LIMIT, limitedRate, 0.1 * TORRENT_LIMIT, "the torrent's own limit");
        assertEquals(rest, sharedRate, 0.1 * rest, "the client's limit, less the limited torrent's share");
        assertTrue(limited.downloadSpeed() + limited.uploadSpeed() > 0, "the handle reports a speed");
    }
}

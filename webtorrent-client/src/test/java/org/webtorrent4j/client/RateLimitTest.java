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
 * The rate limits' contract: over a 10-second window, a client's limit holds within 10 % for the
 * sum of its torrents, and a torrent's own limit within 10 % for that torrent. The rates are low
 * (1 and 3 MiB/s) so that any machine sustains them: what is measured is the limiter, not speed.
 */
class RateLimitTest {
    private static final long MIB = 1024 * 1024;
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

    @TempDir
    Path tmp;

    @Test
    void downloadLimitsHoldForOneTorrentAndForAClient() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        List<Torrent> torrents = List.of(torrent(seedDir, "a.bin", 31), torrent(seedDir, "b.bin", 32), torrent(seedDir, "c.bin", 33));
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir);
                WebTorrent one = LoopbackSwarmTest.client(tmp.resolve("one"));
                WebTorrent both = new WebTorrent(LoopbackSwarmTest.options(tmp.resolve("both")).downloadLimit(3 * MIB).build())) {
            for (Torrent t : torrents) {
                seeder.add(t, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            }
            AddOptions.Builder fromSeeder = AddOptions.builder().peers(List.of(seeder.listenAddress()));
            TorrentHandle limited = one.add(torrents.get(0), fromSeeder.downloadLimit(MIB).build());
            TorrentHandle b = both.add(torrents.get(1), fromSeeder.downloadLimit(0).build());
            TorrentHandle c = both.add(torrents.get(2), fromSeeder.downloadLimit(0).build());
            assertRates(limited, List.of(b, c), TorrentHandle::downloadedBytes);
        }
    }

    @Test
    void uploadLimitsHoldForOneTorrentAndForAClient() throws Exception {
        Path oneDir = Files.createDirectories(tmp.resolve("one"));
        Path bothDir = Files.createDirectories(tmp.resolve("both"));
        Torrent a = torrent(oneDir, "a.bin", 41);
        Torrent b = torrent(bothDir, "b.bin", 42);
        Torrent c = torrent(bothDir, "c.bin", 43);
        try (WebTorrent one = LoopbackSwarmTest.client(oneDir);
                WebTorrent both = new WebTorrent(LoopbackSwarmTest.options(bothDir).uploadLimit(3 * MIB).build());
                WebTorrent leecher = LoopbackSwarmTest.client(tmp.resolve("leech"))) {
            TorrentHandle limited = one.add(a, AddOptions.builder().uploadLimit(MIB).build());
            List<TorrentHandle> shared = List.of(both.add(b, AddOptions.defaults()), both.add(c, AddOptions.defaults()));
            limited.ready().get(30, TimeUnit.SECONDS);
            for (TorrentHandle h : shared) {
                h.ready().get(30, TimeUnit.SECONDS);
            }
            leecher.add(a, AddOptions.builder().peers(List.of(one.listenAddress())).build());
            leecher.add(b, AddOptions.builder().peers(List.of(both.listenAddress())).build());
            leecher.add(c, AddOptions.builder().peers(List.of(both.listenAddress())).build());
            assertRates(limited, shared, TorrentHandle::uploadedBytes);
        }
    }

    private static Torrent torrent(Path dir, String name, long seed) throws Exception {
        return TestTorrents.write(dir, name, 256 * 1024, List.of(new Content(name, TestTorrents.random(24 << 20, seed))));
    }

    /**
     * After the transfers got going (start-up bursts spent), counts bytes over the window: the
     * torrent with its own limit at 1 MiB/s, the two torrents of the limited client at 3 MiB/s together.
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
        System.out.printf("rate limits: torrent %.3f MiB/s (limit 1), client %.3f MiB/s (limit 3)%n",
                limitedRate / MIB, sharedRate / MIB);
        assertEquals(1.0 * MIB, limitedRate, 0.1 * MIB, "the torrent's own limit");
        assertEquals(3.0 * MIB, sharedRate, 0.3 * MIB, "the client's limit over its two torrents");
        assertTrue(limited.downloadSpeed() + limited.uploadSpeed() > 0, "the handle reports a speed");
    }
}

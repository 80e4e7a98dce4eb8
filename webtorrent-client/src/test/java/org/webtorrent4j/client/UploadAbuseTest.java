package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.wire.Request;

/** A peer that requests and cancels at once, over and over, costs the seeder little. */
class UploadAbuseTest {
    private static final int BLOCK = 16 * 1024;

    @TempDir
    Path tmp;

    @Test
    void cancelledRequestsSpendNoUploadAllowance() throws Exception {
        byte[] data = TestTorrents.random(8 * BLOCK, 31);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "data.bin", BLOCK, List.of(new Content("data.bin", data)));
        try (WebTorrent seeder = new WebTorrent(LoopbackSwarmTest.options(seedDir).uploadLimit(64 * 1024).build());
                WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            try (RawPeer raw = new RawPeer(seeder.listenAddress(), torrent.swarmInfoHash())) {
                raw.interestedUntilUnchoked();
                for (int i = 0; i < 2000; i++) { // 31 MiB asked for, and taken back at once
                    Request r = new Request(i % torrent.pieceCount(), 0, BLOCK);
                    raw.request(r);
                    raw.cancel(r);
                }
                // Still connected: its requests are gone because they were cancelled, not because it left.
                leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build())
                        .done().get(30, TimeUnit.SECONDS); // 128 KiB at 64 KiB/s
            }
        }
        assertArrayEquals(data, Files.readAllBytes(leechDir.resolve("data.bin")));
    }

    @Test
    void requestsForManyPiecesDoNotMakeTheSeederReadThemAllAtOnce() throws Exception {
        int piece = 1 << 20;
        int pieces = 64;
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(seedDir, "big.bin", piece,
                List.of(new Content("big.bin", TestTorrents.random(pieces * piece, 32))));
        ByteBufAllocatorMetricProvider allocator = (ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT;
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            try (RawPeer raw = new RawPeer(seeder.listenAddress(), torrent.swarmInfoHash())) {
                raw.interestedUntilUnchoked();
                long before = allocator.metric().usedDirectMemory();
                AtomicLong peak = new AtomicLong(before);
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(allocator.metric().usedDirectMemory(), Math::max);
                        Thread.onSpinWait();
                    }
                });
                sampler.start();
                try {
                    for (int p = 0; p < pieces; p++) { // 2 KB of requests; a window of 1 MiB each
                        Request r = new Request(p, 0, BLOCK);
                        raw.request(r);
                        raw.cancel(r);
                    }
                    Thread.sleep(2000);
                } finally {
                    sampler.interrupt();
                    sampler.join();
                }
                long grew = (peak.get() - before) >> 20;
                assertTrue(grew < 32, "direct memory grew by " + grew + " MiB for " + pieces + " pieces asked");
            }
        }
    }
}

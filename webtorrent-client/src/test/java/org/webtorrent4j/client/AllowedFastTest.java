package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.wire.AllowedFast;

/** BEP 6 allowed fast: a peer we choke still gets the pieces of its canonical set, and only those. */
class AllowedFastTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aChokedPeerGetsItsAllowedFastPieces() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(seedDir, "data.bin", PIECE,
                List.of(new Content("data.bin", TestTorrents.random(64 * PIECE, 51))));
        // No regular upload slot: the one optimistic slot goes to the first leecher, which a
        // download limit keeps interested for a minute, and it rotates only every 30 s.
        try (WebTorrent seeder = new WebTorrent(LoopbackSwarmTest.options(seedDir).uploadSlots(0).build());
                WebTorrent first = LoopbackSwarmTest.client(tmp.resolve("first"));
                WebTorrent choked = LoopbackSwarmTest.client(tmp.resolve("choked"))) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            AddOptions fromSeeder = AddOptions.builder().peers(List.of(seeder.listenAddress())).build();
            TorrentHandle unchoked = first.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress()))
                    .downloadLimit(PIECE).build());
            await(() -> unchoked.downloadedBytes() > 0);

            TorrentHandle h = choked.add(torrent, fromSeeder);
            BitSet allowed = new BitSet();
            AllowedFast.compute(new byte[] {127, 0, 0, 1}, torrent.infoHashV1().orElseThrow().bytes(), torrent.pieceCount(), 10)
                    .forEach(allowed::set);
            await(() -> {
                BitSet missing = (BitSet) allowed.clone();
                missing.andNot(h.verifiedPieces());
                return missing.isEmpty();
            });
            assertEquals(allowed, h.verifiedPieces(), "while choked, only the allowed-fast pieces come");
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}

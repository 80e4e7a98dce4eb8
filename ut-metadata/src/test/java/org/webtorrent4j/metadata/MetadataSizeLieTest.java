package org.webtorrent4j.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.webtorrent4j.wire.CloseReason;

/**
 * A peer that announces a wrong {@code metadata_size} must not keep the honest peers, which
 * announce the right one, from being asked: the torrent goes on with them (BEP 9).
 */
class MetadataSizeLieTest {
    private static final long SECOND = 1_000_000_000L;
    private final byte[] info = Peers.infoDictionary(2000, 1);
    private final byte[] infoHash = Peers.hash("SHA-1", info);

    /** The liar connects first, is caught (its block contradicts its size) and dropped; a seeder follows. */
    @Test
    void aSeederServesOnceThePeerThatLiedAboutTheSizeIsGone() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        var liar = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)),
                b -> b.use(new UtMetadataTest.Liar(info.length + 1, new byte[10])));
        peers.pump();
        assertEquals(CloseReason.PEER_MISBEHAVED, liar.closed.get(liar.a), "the liar is caught");
        var seeder = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadata(info)));
        peers.pump();
        seeder.tick(21 * SECOND);
        peers.pump();
        assertArrayEquals(info, fetcher.future().getNow(null), "metadata from the honest seeder");
        peers.closeAndCheckLeaks();
    }

    /** The liar announces a size that is not the real one and refuses every block; a seeder is connected too. */
    @Test
    void aPeerThatAnnouncesAWrongSizeAndServesNothingDoesNotBlockTheSeeder() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadataTest.Liar(info.length + 1, null)));
        peers.pump();
        var seeder = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadata(info)));
        peers.pump();
        for (int s = 21; s <= 210; s += 21) { // minutes of ticks: every retry the fetch has
            for (var c : peers.connections) {
                c.tick(s * SECOND);
            }
            peers.pump();
        }
        assertArrayEquals(info, fetcher.future().getNow(null), "metadata from the honest seeder");
        peers.closeAndCheckLeaks();
    }
}

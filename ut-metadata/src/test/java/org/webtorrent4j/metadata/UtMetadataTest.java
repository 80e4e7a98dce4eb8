package org.webtorrent4j.metadata;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.WireExtension;
import org.webtorrent4j.wire.ExtensionContext;
import io.netty.buffer.ByteBuf;

class UtMetadataTest {
    private static final long SECOND = 1_000_000_000L;
    private final byte[] info = Peers.infoDictionary(2000, 1); // 40 KB: three blocks, the last one short
    private final byte[] infoHash = Peers.hash("SHA-1", info);

    @Test
    void fetchesAndVerifiesMetadataFromASeeder() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        UtMetadata[] seeder = new UtMetadata[1];
        var c = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> seeder[0] = b.use(new UtMetadata(info)));
        peers.pump();
        assertTrue(info.length > 2 * MetadataMessage.BLOCK_SIZE);
        assertArrayEquals(info, fetcher.future().getNow(null));
        assertEquals(info.length, c.a.peerExtendedHandshake().metadataSize());
        assertEquals(3, seeder[0].blocksServed());
        assertEquals(3, fetcher.blocksReceived());
        assertTrue(c.closed.isEmpty());
        peers.closeAndCheckLeaks();
    }

    @Test
    void verifiesV2MetadataWithSha256() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(Peers.hash("SHA-256", info));
        peers.connect(Peers.hash("SHA-256", info), a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadata(info)));
        peers.pump();
        assertArrayEquals(info, fetcher.future().getNow(null));
        peers.closeAndCheckLeaks();
    }

    @Test
    void aPeerWithoutMetadataRejectsAndAnotherServes() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        MetadataFetcher empty = new MetadataFetcher(infoHash);
        // b also says it has metadata of the right size but cannot serve: a stand-in that rejects.
        var rejecting = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new Liar(info.length, null)));
        peers.pump();
        assertFalse(fetcher.future().isDone());
        assertTrue(rejecting.closed.isEmpty(), "a reject is no offence");
        assertEquals(0, fetcher.peersOffering(), "it announced the metadata, but refused every block: not counted");
        assertEquals(0, fetcher.blocksReceived());
        peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadata(info)));
        peers.pump();
        assertArrayEquals(info, fetcher.future().getNow(null));
        // A fetching peer that has nothing yet rejects requests made of it.
        var asking = peers.connect(infoHash, a -> a.use(new UtMetadata(empty)), b -> b.use(new UtMetadata(new MetadataFetcher(infoHash))));
        peers.pump();
        assertFalse(empty.future().isDone());
        assertTrue(asking.closed.isEmpty());
        assertEquals(0, empty.peersOffering(), "a peer without metadata_size offers nothing");
        peers.closeAndCheckLeaks();
    }

    @Test
    void aPeerWhoseMetadataFailsTheHashIsDroppedAndAnotherCompletes() throws Exception {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        byte[] forged = info.clone();
        forged[forged.length - 10] ^= 1;
        var liar = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadata(forged)));
        peers.pump();
        assertEquals(1, fetcher.hashFailures());
        assertEquals(CloseReason.PEER_MISBEHAVED, liar.closed.get(liar.a));
        assertEquals(3, fetcher.blocksReceived());
        assertEquals(0, fetcher.peersOffering(), "a banned peer is not counted");
        for (String kept : new String[] {"strikes", "banned"}) { // its connection is closed: nothing keeps it alive
            var field = MetadataFetcher.class.getDeclaredField(kept);
            field.setAccessible(true);
            Object value = field.get(fetcher);
            assertEquals(0, value instanceof Map<?, ?> map ? map.size() : ((java.util.Collection<?>) value).size(), kept);
        }
        peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadata(info)));
        peers.pump();
        assertArrayEquals(info, fetcher.future().getNow(null));
        peers.closeAndCheckLeaks();
    }

    @Test
    void aBlockThatContradictsTheAnnouncedSizeIsALie() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        var c = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new Liar(info.length, new byte[10])));
        peers.pump();
        assertEquals(CloseReason.PEER_MISBEHAVED, c.closed.get(c.a));
        assertFalse(fetcher.future().isDone());
        peers.closeAndCheckLeaks();
    }

    @Test
    void eachBlockIsServedAtMostTwicePerConnection() {
        Peers peers = new Peers();
        UtMetadata[] seeder = new UtMetadata[1];
        Liar asker = new Liar(-1, null);
        asker.silent = true;
        var c = peers.connect(infoHash, a -> a.use(asker), b -> seeder[0] = b.use(new UtMetadata(info)));
        peers.pump();
        for (int i = 0; i < 5; i++) {
            asker.ctx.send(MetadataMessage.request(0).encode());
        }
        peers.pump();
        assertEquals(2, seeder[0].blocksServed());
        assertEquals(5, asker.requests, "two data messages and three rejects came back");
        assertTrue(c.closed.isEmpty());
        peers.closeAndCheckLeaks();
    }

    @Test
    void absurdSizesAreNotFetched() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash, UtMetadataOptions.builder().maxMetadataSize(1024).build());
        Liar big = new Liar(info.length, null);
        peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(big));
        peers.pump();
        assertEquals(0, big.requests, "no request to a peer announcing more than the limit");
        peers.closeAndCheckLeaks();
    }

    @Test
    void unansweredRequestsTimeOutAndGoToAnotherPeer() {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        Liar silent = new Liar(info.length, null);
        silent.silent = true;
        var first = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(silent));
        peers.pump();
        var second = peers.connect(infoHash, a -> a.use(new UtMetadata(fetcher)), b -> b.use(new UtMetadata(info)));
        peers.pump();
        assertFalse(fetcher.future().isDone(), "all blocks are in flight to the silent peer");
        second.tick(21 * SECOND);
        peers.pump();
        assertArrayEquals(info, fetcher.future().getNow(null));
        assertTrue(first.closed.isEmpty());
        peers.closeAndCheckLeaks();
    }

    @Test
    void messagesRoundTripAndMalformedOnesAreTypedErrors() {
        MetadataMessage data = MetadataMessage.data(2, 40000, new byte[] {1, 2, 3});
        MetadataMessage back = MetadataMessage.decode(data.encode());
        assertEquals(MetadataMessage.Type.DATA, back.type());
        assertEquals(2, back.piece());
        assertEquals(40000, back.totalSize());
        assertArrayEquals(new byte[] {1, 2, 3}, back.data());
        assertEquals(MetadataMessage.Type.REQUEST, MetadataMessage.decode(MetadataMessage.request(0).encode()).type());
        assertEquals(MetadataMessage.Type.REJECT, MetadataMessage.decode(MetadataMessage.reject(5).encode()).type());
        for (String bad : new String[] {"d8:msg_typei7e5:piecei0ee", "d8:msg_typei0ee", "d8:msg_typei0e5:piecei-1ee",
                "d8:msg_typei1e5:piecei0ee", "li1ee", "d8:msg_typei0e5:piecei0eexx", "d8:msg_type1:a5:piecei0ee", "x"}) {
            assertThrows(BencodeException.class, () -> MetadataMessage.decode(bad.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), bad);
        }
    }

    /** A peer that announces {@code size}; answers every request with {@code block}, or rejects. */
    @Test
    void aRequestFromAPeerThatNeverAnnouncedUtMetadataIsIgnored() {
        Peers peers = new Peers();
        var c = peers.connect(infoHash, a -> a.use(new UtMetadata(info)), b -> { });
        peers.pump();
        c.a.receive(extended(peers, 1, "d8:msg_typei0e5:piecei0ee")); // our id for ut_metadata is 1
        assertNull(c.closed.get(c.a), "no answer is possible, and no offence either");
        peers.closeAndCheckLeaks();
    }

    @Test
    void rejectsOfBlocksNeverAskedForAreNotKept() throws Exception {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(infoHash);
        UtMetadata[] ours = new UtMetadata[1];
        var c = peers.connect(infoHash, a -> ours[0] = a.use(new UtMetadata(fetcher)), b -> b.use(new Liar(info.length, null)));
        peers.pump(); // the liar rejects the three blocks asked
        for (int piece = 1000; piece < 11_000; piece++) {
            c.a.receive(extended(peers, 1, "d8:msg_typei2e5:piecei" + piece + "ee"));
        }
        var refused = UtMetadata.class.getDeclaredField("refusedByPeer");
        refused.setAccessible(true);
        assertEquals(3, ((java.util.Set<?>) refused.get(ours[0])).size(), "only the blocks asked for");
        assertNull(c.closed.get(c.a));
        peers.closeAndCheckLeaks();
    }

    /** A BEP 10 message with extension id {@code id} and a bencoded payload. */
    private static ByteBuf extended(Peers peers, int id, String payload) {
        byte[] bytes = payload.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return peers.alloc.buffer().writeInt(2 + bytes.length).writeByte(20).writeByte(id).writeBytes(bytes);
    }

    static final class Liar implements WireExtension {
        final long size;
        final byte[] block;
        boolean silent;
        int requests;
        ExtensionContext ctx;

        Liar(long size, byte[] block) {
            this.size = size;
            this.block = block;
        }

        @Override public String name() { return UtMetadata.NAME; }
        @Override public void onAttach(ExtensionContext c) { ctx = c; }
        @Override public void addHandshakeFields(Map<String, Object> hs) { if (size > 0) hs.put("metadata_size", size); }

        @Override
        public void onMessage(ByteBuf payload) {
            MetadataMessage m = MetadataMessage.decode(io.netty.buffer.ByteBufUtil.getBytes(payload));
            requests++;
            if (silent) return;
            ctx.send((block == null ? MetadataMessage.reject(m.piece()) : MetadataMessage.data(m.piece(), size, block)).encode());
        }
    }

}

package org.webtorrent4j.wire;

import org.webtorrent4j.testkit.TrackingAllocator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.bencode.Bencode;

/** The parser must report the same conversation however the bytes are cut. */
class FragmentationTest {

    /** Everything a peer can say to us, as one byte stream. */
    static byte[] peerStream() {
        ByteBuf b = Unpooled.buffer();
        List<ByteBuf> parts = new ArrayList<>();
        var alloc = io.netty.buffer.UnpooledByteBufAllocator.DEFAULT;
        parts.add(WireMessages.handshake(alloc, new Handshake(Handshake.reservedBits(true, true, true), WirePair.INFO_HASH, WirePair.ID_B)));
        byte[] ext = Bencode.encode(Map.of("m", Map.of("ut_metadata", 3L), "v", "peer 1.0", "reqq", 100L));
        parts.add(WireMessages.extendedHeader(alloc.buffer(), 0, ext.length));
        parts.add(Unpooled.wrappedBuffer(ext));
        BitSet bits = new BitSet();
        bits.set(1);
        bits.set(5);
        parts.add(WireMessages.bitfield(alloc, bits, 12));
        parts.add(WireMessages.keepAlive(alloc.buffer()));
        parts.add(WireMessages.simple(alloc.buffer(), WireMessages.UNCHOKE));
        parts.add(WireMessages.simple(alloc.buffer(), WireMessages.INTERESTED));
        parts.add(WireMessages.withIndex(alloc.buffer(), WireMessages.HAVE, 7));
        parts.add(WireMessages.pieceHeader(alloc.buffer(), 0, 0, 8));
        parts.add(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        parts.add(WireMessages.pieceHeader(alloc.buffer(), 0, 8, 8));
        parts.add(Unpooled.wrappedBuffer(new byte[] {9, 10, 11, 12, 13, 14, 15, 16}));
        parts.add(WireMessages.port(alloc.buffer(), 6881));
        parts.add(WireMessages.withIndex(alloc.buffer(), WireMessages.SUGGEST, 2));
        parts.add(WireMessages.withIndex(alloc.buffer(), WireMessages.ALLOWED_FAST, 3));
        parts.add(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 99, 42, 42}));
        parts.add(WireMessages.withRequest(alloc.buffer(), WireMessages.REQUEST, new Request(1, 0, 16384)));
        parts.add(WireMessages.withRequest(alloc.buffer(), WireMessages.CANCEL, new Request(1, 0, 16384)));
        parts.add(WireMessages.simple(alloc.buffer(), WireMessages.NOT_INTERESTED));
        parts.add(WireMessages.simple(alloc.buffer(), WireMessages.CHOKE));
        for (ByteBuf p : parts) {
            b.writeBytes(p);
            p.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(b);
        b.release();
        return bytes;
    }

    /** Feeds the stream in the given chunk lengths; returns the events seen. */
    static List<String> run(byte[] stream, int[] cuts) {
        return run(stream, cuts, 0);
    }

    /**
     * @param spare extra capacity of each read buffer, as a transport's read buffers have: the
     *              parser may then append the next read in place instead of copying
     */
    static List<String> run(byte[] stream, int[] cuts, int spare) {
        TrackingAllocator alloc = new TrackingAllocator();
        MemoryWireOutput out = new MemoryWireOutput(alloc);
        RecordingListener l = new RecordingListener();
        l.onEvent = (w, e) -> {
            if (e.equals("unchoke")) {
                w.request(0, 0, 8);
                w.request(0, 8, 8);
            }
        };
        Wire w = new Wire(WireOptions.builder().dht(true).build(), out, l, 0);
        w.handshake(WirePair.INFO_HASH, WirePair.ID_A);
        w.unchoke();
        int at = 0;
        for (int cut : cuts) {
            w.receive(alloc.heapBuffer(cut - at + spare).writeBytes(stream, at, cut - at));
            at = cut;
        }
        w.receive(alloc.heapBuffer(stream.length - at + spare).writeBytes(stream, at, stream.length - at));
        assertNull(l.closeReason, () -> "closed: " + l.closeCause);
        w.close();
        out.releaseAll();
        alloc.assertAllReleased();
        return l.events;
    }

    @Test
    void wholeStreamProducesTheExpectedConversation() {
        List<String> events = run(peerStream(), new int[0]);
        assertEquals(List.of(
                "handshake " + new Handshake(Handshake.reservedBits(true, true, true), WirePair.INFO_HASH, WirePair.ID_B),
                "extended {ut_metadata=3} v=peer 1.0 reqq=100",
                "bitfield {1, 5}",
                "keepalive",
                "unchoke",
                "interested",
                "have 7",
                "piece 0 0 0102030405060708",
                "piece 0 8 090a0b0c0d0e0f10",
                "port 6881",
                "suggest 2",
                "allowedfast 3",
                "request Request[index=1, begin=0, length=16384]",
                "cancel Request[index=1, begin=0, length=16384]",
                "notinterested",
                "choke",
                "close LOCAL"), events);
    }

    @Test
    void everyTwoWaySplitGivesTheSameConversation() {
        byte[] stream = peerStream();
        List<String> expected = run(stream, new int[0]);
        for (int i = 1; i < stream.length; i++) {
            assertEquals(expected, run(stream, new int[] {i}), "split at " + i);
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameConversation() {
        byte[] stream = peerStream();
        int[] cuts = new int[stream.length - 1];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        assertEquals(run(stream, new int[0]), run(stream, cuts));
    }

    @Test
    void readBuffersWithSpareCapacityGiveTheSameConversation() {
        byte[] stream = peerStream();
        List<String> expected = run(stream, new int[0]);
        Random random = new Random(43);
        for (int round = 0; round < 300; round++) {
            int[] cuts = random.ints(1 + random.nextInt(30), 1, stream.length).sorted().distinct().toArray();
            int spare = random.nextInt(64);
            assertEquals(expected, run(stream, cuts, spare), () -> "cuts " + java.util.Arrays.toString(cuts) + " spare " + spare);
        }
    }

    @Test
    void randomMultiWaySplitsGiveTheSameConversation() {
        byte[] stream = peerStream();
        List<String> expected = run(stream, new int[0]);
        Random random = new Random(42);
        for (int round = 0; round < 300; round++) {
            int[] cuts = random.ints(1 + random.nextInt(12), 1, stream.length).sorted().distinct().toArray();
            assertEquals(expected, run(stream, cuts), () -> "cuts " + java.util.Arrays.toString(cuts));
        }
        assertTrue(stream.length > 200);
    }

    /**
     * A listener keeps the blocks it is given (as a client does until a piece is complete), so
     * the parser may not append into a read buffer: a block cut by a read boundary must still be
     * copied alone, never the whole next read with it.
     */
    @Test
    void blocksCutByReadBoundariesCopyOnlyTheCutMessage() {
        int blocks = 64;
        int block = 16384;
        ByteBuf stream = Unpooled.buffer();
        var unpooled = io.netty.buffer.UnpooledByteBufAllocator.DEFAULT;
        ByteBuf handshake = WireMessages.handshake(unpooled, new Handshake(Handshake.reservedBits(true, true, true), WirePair.INFO_HASH, WirePair.ID_B));
        stream.writeBytes(handshake);
        handshake.release();
        WireMessages.simple(stream, WireMessages.UNCHOKE);
        for (int i = 0; i < blocks; i++) {
            WireMessages.pieceHeader(stream, 0, i * block, block).writeZero(block);
        }
        TrackingAllocator wireAlloc = new TrackingAllocator();
        MemoryWireOutput out = new MemoryWireOutput(wireAlloc);
        List<ByteBuf> kept = new ArrayList<>();
        RecordingListener l = new RecordingListener() {
            @Override
            public void onPiece(Wire w, int index, int begin, ByteBuf data) {
                kept.add(data);
            }
        };
        l.onEvent = (w, e) -> {
            if (e.equals("unchoke")) {
                for (int i = 0; i < blocks; i++) {
                    w.request(0, i * block, block);
                }
            }
        };
        Wire w = new Wire(WireOptions.builder().build(), out, l, 0);
        w.handshake(WirePair.INFO_HASH, WirePair.ID_A);
        int read = 65536;
        int reads = 0;
        while (stream.isReadable()) {
            int n = Math.min(read, stream.readableBytes());
            w.receive(Unpooled.buffer(n).writeBytes(stream, n));
            reads++;
        }
        stream.release();
        assertEquals(blocks, kept.size());
        long copied = wireAlloc.capacityAllocated() - 4096; // what we sent: handshakes and requests
        assertTrue(copied <= (long) reads * (block + 13),
                "copied " + copied + " bytes for " + reads + " reads of " + read + " bytes");
        kept.forEach(ByteBuf::release);
        w.close();
        out.releaseAll();
        wireAlloc.assertAllReleased();
    }
}

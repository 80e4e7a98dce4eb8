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
        parts.add(WireMessages.extendedHeader(alloc, 0, ext.length));
        parts.add(Unpooled.wrappedBuffer(ext));
        BitSet bits = new BitSet();
        bits.set(1);
        bits.set(5);
        parts.add(WireMessages.bitfield(alloc, bits, 12));
        parts.add(WireMessages.keepAlive(alloc));
        parts.add(WireMessages.simple(alloc, WireMessages.UNCHOKE));
        parts.add(WireMessages.simple(alloc, WireMessages.INTERESTED));
        parts.add(WireMessages.withIndex(alloc, WireMessages.HAVE, 7));
        parts.add(WireMessages.pieceHeader(alloc, 0, 0, 8));
        parts.add(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}));
        parts.add(WireMessages.pieceHeader(alloc, 0, 8, 8));
        parts.add(Unpooled.wrappedBuffer(new byte[] {9, 10, 11, 12, 13, 14, 15, 16}));
        parts.add(WireMessages.port(alloc, 6881));
        parts.add(WireMessages.withIndex(alloc, WireMessages.SUGGEST, 2));
        parts.add(WireMessages.withIndex(alloc, WireMessages.ALLOWED_FAST, 3));
        parts.add(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 3, 99, 42, 42}));
        parts.add(WireMessages.withRequest(alloc, WireMessages.REQUEST, new Request(1, 0, 16384)));
        parts.add(WireMessages.withRequest(alloc, WireMessages.CANCEL, new Request(1, 0, 16384)));
        parts.add(WireMessages.simple(alloc, WireMessages.NOT_INTERESTED));
        parts.add(WireMessages.simple(alloc, WireMessages.CHOKE));
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
            w.receive(alloc.wrap(stream, at, cut - at));
            at = cut;
        }
        w.receive(alloc.wrap(stream, at, stream.length - at));
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
}

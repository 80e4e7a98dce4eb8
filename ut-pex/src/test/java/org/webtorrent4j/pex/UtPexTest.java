package org.webtorrent4j.pex;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.testkit.TrackingAllocator;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.MemoryWireOutput;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;

class UtPexTest {
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] INFO_HASH = new byte[20];

    /** Two wires in memory, each with ut_pex; records what b learns and how the wires close. */
    static final class Pair {
        final TrackingAllocator alloc = new TrackingAllocator();
        final MemoryWireOutput outA = new MemoryWireOutput(alloc);
        final MemoryWireOutput outB = new MemoryWireOutput(alloc);
        final List<PexPeer> swarmA = new ArrayList<>();
        final List<List<PexPeer>> addedSeenByB = new ArrayList<>();
        final List<List<InetSocketAddress>> droppedSeenByB = new ArrayList<>();
        CloseReason closedB;
        final Wire a;
        final Wire b;
        final UtPex pexB;

        Pair(UtPexOptions options) {
            WireListener l = new WireListener() {
                @Override public void onInfoHash(Wire w, byte[] h) { w.handshake(h, new byte[20]); }
                @Override public void onClose(Wire w, CloseReason reason, Throwable cause) { if (w == b) closedB = reason; }
            };
            a = new Wire(WireOptions.DEFAULT, outA, l, 0);
            b = new Wire(WireOptions.DEFAULT, outB, l, 0);
            a.use(new UtPex(options, () -> swarmA, (w, added, dropped) -> fail("b sends nothing")));
            pexB = b.use(new UtPex(options, List::of, (w, added, dropped) -> {
                addedSeenByB.add(added);
                droppedSeenByB.add(dropped);
            }));
            a.handshake(INFO_HASH, new byte[20]);
            pump();
        }

        void pump() {
            while (outA.deliverTo(b) | outB.deliverTo(a)) { }
        }

        void tick(long now) {
            a.tick(now);
            b.tick(now);
            pump();
        }

        void close() {
            a.close();
            b.close();
            outA.releaseAll();
            outB.releaseAll();
            alloc.assertAllReleased();
        }
    }

    static InetSocketAddress v4(int i) {
        return new InetSocketAddress(address(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), 6881 + i);
    }

    static InetSocketAddress v6(int i) {
        byte[] ip = new byte[16];
        ip[0] = 0x20;
        ip[1] = 0x01;
        ip[15] = (byte) i;
        return new InetSocketAddress(address(ip), 7000 + i);
    }

    static InetAddress address(byte[] ip) {
        try {
            return InetAddress.getByAddress(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sendsDeltasOncePerIntervalWithFlags() {
        Pair p = new Pair(UtPexOptions.DEFAULT);
        PexPeer seed = new PexPeer(v4(1), PexPeer.SEED | PexPeer.REACHABLE);
        PexPeer utp = new PexPeer(v6(2), PexPeer.UTP | PexPeer.ENCRYPTION | PexPeer.HOLEPUNCH);
        PexPeer plain = new PexPeer(v4(3), 0);
        p.swarmA.addAll(List.of(seed, utp, plain));
        p.tick(59 * SECOND);
        assertTrue(p.addedSeenByB.isEmpty(), "nothing before a minute");
        p.tick(60 * SECOND);
        assertEquals(List.of(List.of(seed, plain, utp)), p.addedSeenByB, "IPv4 first, then IPv6, flags kept");
        p.swarmA.remove(plain);
        PexPeer late = new PexPeer(v4(4), PexPeer.SEED);
        p.swarmA.add(late);
        p.tick(90 * SECOND);
        assertEquals(1, p.addedSeenByB.size(), "at most once a minute");
        p.tick(120 * SECOND);
        assertEquals(List.of(late), p.addedSeenByB.get(1));
        assertEquals(List.of(plain.address()), p.droppedSeenByB.get(1));
        p.tick(180 * SECOND);
        assertEquals(2, p.addedSeenByB.size(), "no message without a change");
        assertNull(p.closedB);
        p.close();
    }

    @Test
    void atMostFiftyAddedAndDroppedPerMessage() {
        Pair p = new Pair(UtPexOptions.DEFAULT);
        for (int i = 0; i < 120; i++) p.swarmA.add(new PexPeer(v4(i), 0));
        for (int minute = 1; minute <= 3; minute++) p.tick(minute * 60 * SECOND);
        assertEquals(List.of(50, 50, 20), p.addedSeenByB.stream().map(List::size).toList());
        p.swarmA.clear();
        for (int minute = 4; minute <= 6; minute++) p.tick(minute * 60 * SECOND);
        assertEquals(List.of(50, 50, 20), p.droppedSeenByB.subList(3, 6).stream().map(List::size).toList());
        p.close();
    }

    @Test
    void floodingPeersAreIgnoredThenDisconnected() {
        Pair p = new Pair(UtPexOptions.DEFAULT);
        byte[] one = new PexMessage(List.of(new PexPeer(v4(1), 0)), List.of()).encode();
        p.a.sendExtended(UtPex.NAME, p.alloc.wrap(one));
        p.pump();
        assertEquals(1, p.addedSeenByB.size(), "the first message is welcome");
        for (int flood = 1; flood <= 2; flood++) {
            p.a.sendExtended(UtPex.NAME, p.alloc.wrap(one));
            p.pump();
            assertEquals(1, p.addedSeenByB.size(), "too soon: ignored");
            assertEquals(flood, p.pexB.floods());
            assertNull(p.closedB);
        }
        p.a.sendExtended(UtPex.NAME, p.alloc.wrap(one));
        p.pump();
        assertEquals(CloseReason.PEER_MISBEHAVED, p.closedB, "third flood");
        p.close();
    }

    /** libtorrent adds up to 100 peers a message and drops any number: long lists are read, up to a cap. */
    @Test
    void longListsAreWelcomeAndReadUpToTheCap() {
        Pair p = new Pair(UtPexOptions.DEFAULT);
        for (int minute = 1; minute <= 4; minute++) {
            p.tick(minute * 60 * SECOND);
            List<PexPeer> added = new ArrayList<>();
            List<InetSocketAddress> dropped = new ArrayList<>();
            for (int i = 0; i < UtPex.MAX_RECEIVED_ENTRIES + 50; i++) {
                added.add(new PexPeer(v4(minute * 1000 + i), i % 2 == 0 ? PexPeer.SEED : 0));
                dropped.add(v4(i));
            }
            p.a.sendExtended(UtPex.NAME, p.alloc.wrap(new PexMessage(added, dropped).encode()));
            p.pump();
            assertEquals(added.subList(0, UtPex.MAX_RECEIVED_ENTRIES), p.addedSeenByB.get(minute - 1), "flags kept too");
            assertEquals(UtPex.MAX_RECEIVED_ENTRIES, p.droppedSeenByB.get(minute - 1).size());
        }
        assertNull(p.closedB);
        assertEquals(0, p.pexB.floods());
        p.close();
    }

    @Test
    void malformedMessagesCloseTheConnection() {
        Pair p = new Pair(UtPexOptions.DEFAULT);
        p.a.sendExtended(UtPex.NAME, p.alloc.wrap(Bencode.encode(Map.of("added", new byte[7]))));
        p.pump();
        assertEquals(CloseReason.MALFORMED_EXTENSION_MESSAGE, p.closedB);
        p.close();
    }

    @Test
    void messagesRoundTrip() {
        PexMessage m = new PexMessage(List.of(new PexPeer(v4(1), PexPeer.SEED), new PexPeer(v6(9), PexPeer.UTP)),
                List.of(v4(2), v6(3)));
        PexMessage back = PexMessage.decode(m.encode());
        assertEquals(m, back);
        assertEquals(4, back.size());
        // Flags missing or of the wrong length count as none.
        byte[] added = new byte[12];
        PexMessage noFlags = PexMessage.decode(Bencode.encode(Map.of("added", added, "added.f", new byte[1])));
        assertEquals(List.of(0, 0), noFlags.added().stream().map(PexPeer::flags).toList());
        assertThrows(BencodeException.class, () -> PexMessage.decode("li1ee".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(BencodeException.class, () -> PexMessage.decode(Bencode.encode(Map.of("dropped6", new byte[17]))));
    }
}

package org.webtorrent4j.wire;

import org.webtorrent4j.testkit.TrackingAllocator;
import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void handshakesAndExtendedHandshakesNegotiateCapabilities() {
        WirePair p = new WirePair(WireOptions.builder().listenPort(6881).build(),
                WireOptions.builder().clientVersion("other 1.0").uploadOnly(true).build());
        p.b.setPeerAddress(new byte[] {127, 0, 0, 1});
        p.connect();
        assertTrue(p.a.isHandshakeComplete());
        assertTrue(p.b.isHandshakeComplete());
        assertTrue(p.a.isFast() && p.a.isExtended() && p.b.isFast() && p.b.isExtended());
        assertArrayEquals(WirePair.ID_B, p.a.peerHandshake().peerId());
        assertArrayEquals(WirePair.ID_A, p.b.peerHandshake().peerId());
        assertEquals("infohash " + "5a".repeat(20), p.listenerB.events.get(0));
        ExtendedHandshake seenByA = p.a.peerExtendedHandshake();
        assertEquals("other 1.0", seenByA.client());
        assertEquals(250, seenByA.reqq());
        assertTrue(seenByA.uploadOnly());
        assertArrayEquals(new byte[] {127, 0, 0, 1}, seenByA.yourIp());
        assertEquals(6881, p.b.peerExtendedHandshake().port());
        p.closeAndCheckLeaks();
    }

    @Test
    void withoutCapabilitiesNoExtendedHandshakeAndFastMessagesAreRefused() {
        WirePair p = new WirePair(WireOptions.builder().extended(false).fast(false).build(), WireOptions.DEFAULT);
        p.connect();
        assertFalse(p.a.isFast());
        assertFalse(p.b.isExtended());
        assertNull(p.a.peerExtendedHandshake());
        assertThrows(IllegalStateException.class, p.a::haveAll);
        // A fast message to a peer that did not negotiate BEP 6 is a protocol violation.
        p.a.receive(WireMessages.simple(p.alloc.buffer(), WireMessages.HAVE_ALL));
        assertEquals(CloseReason.UNEXPECTED_MESSAGE, p.listenerA.closeReason);
        p.closeAndCheckLeaks();
    }

    @Test
    void unknownInfoHashIsRefusedAndMismatchIsAViolation() {
        WirePair p = new WirePair();
        p.listenerB.acceptInfoHash = new byte[20];
        p.connect();
        assertEquals(CloseReason.UNKNOWN_INFO_HASH, p.listenerB.closeReason);
        p.closeAndCheckLeaks();

        TrackingAllocator alloc = new TrackingAllocator();
        RecordingListener l = new RecordingListener();
        MemoryWireOutput wOut = new MemoryWireOutput(alloc);
        Wire w = new Wire(WireOptions.DEFAULT, wOut, l, 0);
        w.handshake(WirePair.INFO_HASH, WirePair.ID_A);
        w.receive(WireMessages.handshake(alloc, new Handshake(new byte[8], new byte[20], WirePair.ID_B)));
        assertEquals(CloseReason.INFO_HASH_MISMATCH, l.closeReason);
        wOut.releaseAll();
        alloc.assertAllReleased();
    }

    @Test
    void badHandshakeIsDetectedFromItsFirstBytes() {
        TrackingAllocator alloc = new TrackingAllocator();
        RecordingListener l = new RecordingListener();
        Wire w = new Wire(WireOptions.DEFAULT, new MemoryWireOutput(alloc), l, 0);
        w.receive(alloc.wrap("\u0013BitTorrent".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertNull(l.closeReason);
        w.receive(alloc.wrap("XXXXXXXXXX".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals(CloseReason.BAD_HANDSHAKE, l.closeReason);
        assertInstanceOf(WireProtocolException.class, l.closeCause);
        alloc.assertAllReleased();

        RecordingListener l2 = new RecordingListener();
        Wire w2 = new Wire(WireOptions.DEFAULT, new MemoryWireOutput(alloc), l2, 0);
        w2.receive(alloc.wrap(new byte[] {'G', 'E', 'T', ' '}));
        assertEquals(CloseReason.BAD_HANDSHAKE, l2.closeReason);
        alloc.assertAllReleased();
    }

    /**
     * Small messages are batched only until the flush: between calls a wire holds no buffer, so
     * one dropped without being closed (a torn-down channel) leaks none.
     */
    @Test
    void aWireHoldsNoBufferBetweenCalls() {
        WirePair p = new WirePair().connect();
        p.pump();
        p.b.unchoke();
        p.b.have(3);
        p.pump();
        for (int i = 0; i < 100; i++) { // several batches' worth in one call each
            assertTrue(p.a.request(i % 4, i / 4 * 16384, 16384));
        }
        p.pump();
        assertEquals(100, p.b.peerRequests().size());
        p.alloc.assertAllReleased();
        p.closeAndCheckLeaks();
    }

    @Test
    void stateFollowsChokeInterestAndPieces() {
        WirePair p = new WirePair().connect();
        p.a.setNumPieces(20);
        p.b.interested();
        p.b.unchoke();
        p.b.have(3);
        p.pump();
        assertTrue(p.a.peerInterested());
        assertFalse(p.a.peerChoking());
        assertTrue(p.a.peerHas(3));
        assertFalse(p.a.peerHas(4));
        p.b.notInterested();
        p.b.choke();
        p.b.suggest(7);
        p.b.allowFast(9);
        p.b.port(6881);
        p.pump();
        assertFalse(p.a.peerInterested());
        assertTrue(p.a.peerChoking());
        assertEquals(java.util.Set.of(9), p.a.allowedFastForUs());
        assertTrue(p.listenerA.events.containsAll(List.of("suggest 7", "allowedfast 9", "port 6881")));
        // Choked, but piece 9 is allowed fast.
        assertFalse(p.a.request(3, 0, 16384));
        assertTrue(p.a.request(9, 0, 16384));
        p.pump();
        assertEquals(List.of(new Request(9, 0, 16384)), List.copyOf(p.b.peerRequests()));
        p.closeAndCheckLeaks();
    }

    @Test
    void bitfieldHaveAllAndHaveNoneAreAcceptedOnceAndChecked() {
        WirePair p = new WirePair().connect();
        BitSet bits = new BitSet();
        bits.set(0);
        bits.set(9);
        p.b.bitfield(bits, 10);
        p.pump();
        assertEquals("bitfield {0, 9}", p.listenerA.events.get(p.listenerA.events.size() - 1));
        p.a.setNumPieces(10);
        assertEquals(bits, p.a.peerPieces());
        p.b.haveNone();
        p.pump();
        assertEquals(null, p.listenerA.closeReason, "a late announcement is tolerated, as real clients send them");
        assertEquals(bits, p.a.peerPieces(), "and never takes pieces away");
        p.closeAndCheckLeaks();

        WirePair q = new WirePair().connect();
        q.a.setNumPieces(10);
        BitSet all = new BitSet();
        all.set(0, 10);
        q.b.bitfield(all, 10); // with BEP 6 a full bitfield goes out as have all
        q.pump();
        assertTrue(q.a.peerHasAll());
        assertEquals(all, q.a.peerPieces());
        q.closeAndCheckLeaks();

        // A bitfield of the wrong size, or with spare bits set, once the piece count is known.
        WirePair r = new WirePair().connect();
        r.a.setNumPieces(10);
        r.a.receive(r.alloc.wrap(new byte[] {0, 0, 0, 3, 5, (byte) 0xff, (byte) 0xff}));
        assertEquals(CloseReason.MALFORMED_MESSAGE, r.listenerA.closeReason);
        r.closeAndCheckLeaks();

        WirePair s = new WirePair().connect();
        s.b.have(500);
        s.pump();
        s.a.setNumPieces(10);
        assertEquals(CloseReason.PIECE_INDEX_OUT_OF_RANGE, s.listenerA.closeReason);
        s.closeAndCheckLeaks();
    }

    @Test
    void requestsAnsweredWithPiecesZeroCopy() {
        WirePair p = new WirePair().connect();
        p.b.unchoke();
        p.pump();
        assertTrue(p.a.request(0, 0, 4));
        assertFalse(p.a.request(0, 0, 4), "duplicate request");
        p.pump();
        assertEquals("request Request[index=0, begin=0, length=4]", last(p.listenerB));
        ByteBuf block = p.alloc.wrap(new byte[] {1, 2, 3, 4});
        assertTrue(p.b.piece(0, 0, block));
        assertFalse(p.b.piece(0, 0, p.alloc.wrap(new byte[] {1, 2, 3, 4})), "no longer requested");
        p.pump();
        assertEquals("piece 0 0 01020304", last(p.listenerA));
        assertEquals(4, p.a.downloadedBytes());
        assertEquals(4, p.b.uploadedBytes());
        assertTrue(p.a.ourRequests().isEmpty());
        p.closeAndCheckLeaks();
    }

    @Test
    void unrequestedBlocksAreDropped() {
        WirePair p = new WirePair().connect();
        p.a.receive(p.alloc.wrap(new byte[] {0, 0, 0, 11, 7, 0, 0, 0, 1, 0, 0, 0, 0, 9, 9}));
        assertNull(p.listenerA.closeReason);
        assertEquals(2, p.a.ignoredPieceBytes());
        p.closeAndCheckLeaks();
    }

    @Test
    void cancelAndChokeAndRejectSemantics() {
        WirePair p = new WirePair().connect();
        p.b.unchoke();
        p.pump();
        p.a.request(1, 0, 100);
        p.a.request(1, 100, 100);
        p.pump();
        p.a.cancel(new Request(1, 0, 100));
        p.pump();
        assertTrue(p.listenerB.events.contains("cancel Request[index=1, begin=0, length=100]"));
        assertEquals(1, p.b.peerRequests().size());
        // BEP 6: the peer answered the cancel with a reject, which is no failure of a request.
        assertNull(p.listenerA.closeReason);
        assertEquals(1, p.a.ourRequests().size());
        assertTrue(p.listenerA.events.stream().noneMatch(e -> e.startsWith("failed")), p.listenerA.events.toString());
        // That reject was its only answer: a second one would be unsolicited.
        p.a.receive(WireMessages.withRequest(p.alloc.buffer(), WireMessages.REJECT, new Request(1, 0, 100)));
        assertEquals(CloseReason.UNSOLICITED_REJECT, p.listenerA.closeReason);
        p.closeAndCheckLeaks();
        p = new WirePair().connect();
        p.b.unchoke();
        p.pump();
        p.a.request(1, 100, 100);
        p.pump();
        // With BEP 6, choking rejects what is pending.
        p.b.choke();
        p.pump();
        assertEquals("failed Request[index=1, begin=100, length=100] REJECTED", last(p.listenerA));
        assertTrue(p.b.peerRequests().isEmpty());
        p.closeAndCheckLeaks();

        WireOptions plain = WireOptions.builder().fast(false).build();
        WirePair q = new WirePair(plain, plain).connect();
        q.b.unchoke();
        q.pump();
        q.a.request(1, 0, 100);
        q.pump();
        q.b.choke();
        q.pump();
        assertEquals("failed Request[index=1, begin=0, length=100] CHOKED", last(q.listenerA));
        assertTrue(q.a.ourRequests().isEmpty());
        q.closeAndCheckLeaks();
    }

    @Test
    void requestsWhileChokedAreRejectedWithFast() {
        WirePair p = new WirePair().connect();
        p.a.receive(WireMessages.withRequest(p.alloc.buffer(), WireMessages.REQUEST, new Request(0, 0, 16384)));
        assertTrue(p.a.peerRequests().isEmpty());
        ByteBuf reject = WireMessages.withRequest(p.alloc.buffer(), WireMessages.REJECT, new Request(0, 0, 16384));
        assertArrayEquals(io.netty.buffer.ByteBufUtil.getBytes(reject), p.outA.takeBytes());
        reject.release();
        p.closeAndCheckLeaks();
    }

    @Test
    void unsolicitedRejectClosesTheConnection() {
        WirePair p = new WirePair().connect();
        p.a.receive(WireMessages.withRequest(p.alloc.buffer(), WireMessages.REJECT, new Request(0, 0, 16384)));
        assertEquals(CloseReason.UNSOLICITED_REJECT, p.listenerA.closeReason);
        assertTrue(p.outA.isClosed());
        p.closeAndCheckLeaks();
    }

    @Test
    void limitsAreEnforcedBeforeTheMessageIsBuffered() {
        WirePair p = new WirePair().connect();
        // Only the 5-byte header of a piece message one byte over the limit.
        p.a.receive(p.alloc.wrap(new byte[] {0, 0, 0x40, 0x0a, 7}));
        assertEquals(CloseReason.MESSAGE_TOO_LONG, p.listenerA.closeReason);
        p.closeAndCheckLeaks();

        WirePair q = new WirePair().connect();
        q.a.receive(q.alloc.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}));
        assertEquals(CloseReason.MESSAGE_TOO_LONG, q.listenerA.closeReason);
        q.closeAndCheckLeaks();

        WirePair r = new WirePair().connect();
        r.a.unchoke();
        r.a.receive(WireMessages.withRequest(r.alloc.buffer(), WireMessages.REQUEST, new Request(0, 0, 16385)));
        assertEquals(CloseReason.REQUEST_TOO_LONG, r.listenerA.closeReason);
        r.closeAndCheckLeaks();

        WireOptions small = WireOptions.builder().limits(WireLimits.builder().maxPeerRequests(2).build()).build();
        WirePair s = new WirePair(small, WireOptions.DEFAULT).connect();
        assertEquals(2, s.b.peerExtendedHandshake().reqq());
        s.a.unchoke();
        for (int i = 0; i < 3; i++) {
            s.a.receive(WireMessages.withRequest(s.alloc.buffer(), WireMessages.REQUEST, new Request(0, i * 16384, 16384)));
        }
        assertEquals(CloseReason.TOO_MANY_REQUESTS, s.listenerA.closeReason);
        s.closeAndCheckLeaks();

        WirePair t = new WirePair().connect();
        t.a.receive(t.alloc.wrap(new byte[] {0, 0, 0, 2, 1, 0}));
        assertEquals(CloseReason.MESSAGE_TOO_LONG, t.listenerA.closeReason);
        t.closeAndCheckLeaks();

        WirePair u = new WirePair().connect();
        u.a.receive(u.alloc.wrap(new byte[] {0, 0, 0, 1, 20}));
        assertEquals(CloseReason.MALFORMED_MESSAGE, u.listenerA.closeReason);
        u.closeAndCheckLeaks();
    }

    @Test
    void unknownMessagesAreSkipped() {
        WirePair p = new WirePair().connect();
        p.a.receive(p.alloc.wrap(new byte[] {0, 0, 0, 3, 99, 1, 2, 0, 0, 0, 1, 2}));
        assertNull(p.listenerA.closeReason);
        assertTrue(p.a.peerInterested());
        p.closeAndCheckLeaks();
    }

    /** BEP 6: a peer that chokes rejects its whole queue, requests we gave up on included. */
    @Test
    void aRequestThatTimedOutIsCancelledAndItsLateRejectIsNoOffence() {
        WireOptions o = WireOptions.builder().requestTimeout(Duration.ofSeconds(30)).build();
        WirePair p = new WirePair(o, o).connect();
        p.b.unchoke();
        p.pump();
        assertTrue(p.a.request(0, 0, 16384));
        assertTrue(p.a.request(0, 16384, 16384));
        p.a.tick(30 * SECOND); // both time out: both are cancelled
        p.b.choke(); // the reject of a cancel that crossed it
        p.pump();
        assertNull(p.listenerA.closeReason, "closed as " + p.listenerA.closeReason);
        assertTrue(p.b.peerRequests().isEmpty(), "the cancels reached the peer");
        p.closeAndCheckLeaks();
    }

    /**
     * A block is not asked again before the peer answered our cancel of it: a reject in between
     * could belong to either request, and the session would wait a second timeout for nothing.
     */
    @Test
    void aBlockIsAskedAgainOnlyOnceItsCancelIsAnswered() {
        WireOptions o = WireOptions.builder().requestTimeout(Duration.ofSeconds(30)).build();
        WirePair p = new WirePair(o, o).connect();
        p.b.unchoke();
        p.pump();
        assertTrue(p.a.request(0, 0, 16384));
        p.pump();
        p.a.tick(30 * SECOND); // times out: cancelled
        assertFalse(p.a.request(0, 0, 16384), "its cancel is unanswered");
        p.b.choke(); // BEP 6: the reject answers the cancel
        p.pump();
        assertNull(p.listenerA.closeReason, "closed as " + p.listenerA.closeReason);
        p.b.unchoke();
        p.pump();
        assertTrue(p.a.request(0, 0, 16384), "the cancel was answered: asked again");
        p.closeAndCheckLeaks();
    }

    @Test
    void aPeerCannotMakeUsKeepAnAllowedFastSetWithoutBound() {
        WirePair p = new WirePair().connect();
        ByteBuf messages = p.alloc.buffer();
        for (int i = 0; i < 10_000; i++) {
            WireMessages.withIndex(messages, WireMessages.ALLOWED_FAST, i);
        }
        p.a.receive(messages);
        assertEquals(Wire.MAX_ALLOWED_FAST, p.a.allowedFastForUs().size());
        assertNull(p.listenerA.closeReason);
        p.closeAndCheckLeaks();
    }

    @Test
    void timersDriveKeepAliveTimeoutsAndRates() {
        WireOptions o = WireOptions.builder().requestTimeout(Duration.ofSeconds(30)).keepAlive(Duration.ofSeconds(60))
                .idleTimeout(Duration.ofSeconds(120)).build();
        WirePair p = new WirePair(o, o).connect();
        p.b.unchoke();
        p.pump();
        p.a.request(0, 0, 10);
        p.pump();
        p.a.tick(29 * SECOND);
        assertEquals(1, p.a.ourRequests().size());
        p.a.tick(30 * SECOND);
        assertEquals("failed Request[index=0, begin=0, length=10] TIMED_OUT", last(p.listenerA));
        p.pump(); // the cancel, and its reject
        p.b.tick(60 * SECOND);
        p.a.tick(60 * SECOND);
        p.pump();
        assertEquals("keepalive", last(p.listenerA));
        p.b.tick(100 * SECOND); // no second keep-alive before another minute
        p.pump();
        assertEquals("keepalive", last(p.listenerA));
        p.a.tick(179 * SECOND);
        assertNull(p.listenerA.closeReason);
        p.a.tick(180 * SECOND);
        assertEquals(CloseReason.IDLE_TIMEOUT, p.listenerA.closeReason);
        p.closeAndCheckLeaks();

        TrackingAllocator alloc = new TrackingAllocator();
        RecordingListener l = new RecordingListener();
        Wire w = new Wire(WireOptions.DEFAULT, new MemoryWireOutput(alloc), l, 5 * SECOND);
        w.tick(24 * SECOND);
        assertNull(l.closeReason);
        w.tick(25 * SECOND);
        assertEquals(CloseReason.HANDSHAKE_TIMEOUT, l.closeReason);
    }

    @Test
    void rateMeterAveragesOverItsWindow() {
        RateMeter m = new RateMeter(10 * SECOND, 10);
        m.add(1000, 0);
        m.add(1000, SECOND / 2);
        assertEquals(200.0, m.bytesPerSecond(SECOND), 1e-9);
        assertEquals(200.0, m.bytesPerSecond(9 * SECOND), 1e-9);
        assertEquals(0.0, m.bytesPerSecond(10 * SECOND), 1e-9);
        assertEquals(2000, m.total());
    }

    @Test
    void listenerMayCloseFromACallbackAndNothingLeaks() {
        WirePair p = new WirePair().connect();
        p.listenerA.onEvent = (w, e) -> {
            if (e.equals("unchoke")) w.close();
        };
        p.b.unchoke();
        p.b.interested();
        p.pump();
        assertEquals(CloseReason.LOCAL, p.listenerA.closeReason);
        assertFalse(p.a.peerInterested(), "nothing parsed after close");
        p.closeAndCheckLeaks();
    }

    @Test
    void listenerExceptionsCloseWithListenerError() {
        WirePair p = new WirePair().connect();
        p.listenerA.onEvent = (w, e) -> {
            if (e.equals("unchoke")) throw new IllegalStateException("bug");
        };
        p.b.unchoke();
        p.pump();
        assertEquals(CloseReason.LISTENER_ERROR, p.listenerA.closeReason);
        p.closeAndCheckLeaks();
    }

    @Test
    void writabilityIsReported() {
        WirePair p = new WirePair().connect();
        p.a.writabilityChanged(false);
        assertEquals("writable false", last(p.listenerA));
        p.closeAndCheckLeaks();
    }

    @Test
    void allowedFastSetMatchesBep6() {
        byte[] ip = {80, 4, 4, (byte) 200};
        byte[] infoHash = new byte[20];
        java.util.Arrays.fill(infoHash, (byte) 0xaa);
        assertEquals(List.of(1059, 431, 808, 1217, 287, 376, 1188), List.copyOf(AllowedFast.compute(ip, infoHash, 1313, 7)));
        assertEquals(List.of(1059, 431, 808, 1217, 287, 376, 1188, 353, 508),
                List.copyOf(AllowedFast.compute(ip, infoHash, 1313, 9)));
        assertEquals(3, AllowedFast.compute(ip, infoHash, 3, 10).size());
    }

    private static String last(RecordingListener l) {
        return l.events.get(l.events.size() - 1);
    }
}

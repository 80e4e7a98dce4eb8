package org.webtorrent4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The BEP 52 hash request, hashes and hash reject messages between two wires, and malformed ones. */
class HashMessagesTest {
    private static final byte[] ROOT = new byte[32];

    static {
        Arrays.fill(ROOT, (byte) 0x11);
    }

    @Test
    void requestIsAnsweredWithHashesOrRejected() {
        WirePair p = new WirePair().connect();
        HashRequest r = new HashRequest(ROOT, 1, 4, 4, 3); // 4 hashes cover 2 layers: 2 uncles
        assertEquals(2, r.uncleCount());
        p.a.hashRequest(r);
        p.pump();
        assertEquals("hashrequest " + r, last(p.listenerB));

        byte[] hashes = new byte[6 * 32];
        for (int i = 0; i < hashes.length; i++) hashes[i] = (byte) i;
        p.b.hashes(r, hashes);
        p.pump();
        assertEquals("hashes " + r + " " + HexFormat.of().formatHex(hashes), last(p.listenerA));

        p.b.hashReject(r);
        p.pump();
        assertEquals("hashreject " + r, last(p.listenerA));
        p.closeAndCheckLeaks();
    }

    @Test
    void hashesMustBeAsManyAsTheRequestImplies() {
        HashRequest r = new HashRequest(ROOT, 0, 0, 2, 0);
        WirePair sender = new WirePair().connect();
        assertThrows(IllegalArgumentException.class, () -> sender.b.hashes(r, new byte[3 * 32]));
        sender.closeAndCheckLeaks();
        assertReceivingClosesWith(p -> hashesMessage(p, r, 3), CloseReason.MALFORMED_MESSAGE);
    }

    @Test
    void hashesWhoseLengthIsNoWholeHashAreMalformed() {
        assertReceivingClosesWith(p -> WireMessages.hashHeader(p.alloc, WireMessages.HASHES,
                new HashRequest(ROOT, 0, 0, 1, 0), 31).writeZero(31), CloseReason.MALFORMED_MESSAGE);
    }

    @Test
    void tooManyHashesAreRefusedBeforeTheyAreBuffered() {
        // Only the header arrives: its length alone is refused.
        assertReceivingClosesWith(p -> WireMessages.hashHeader(p.alloc, WireMessages.HASHES,
                new HashRequest(ROOT, 0, 0, 8192, 0), 32 * (8192 + 65)), CloseReason.MESSAGE_TOO_LONG);
    }

    @Test
    void absurdRequestsCloseTheConnection() {
        assertClosesWith(new HashRequest(ROOT, 0, 0, 8193, 0), CloseReason.REQUEST_TOO_LONG);
        assertClosesWith(new HashRequest(ROOT, 0, 0, 0, 0), CloseReason.MALFORMED_MESSAGE);
        assertClosesWith(new HashRequest(ROOT, 0, -2, 2, 0), CloseReason.MALFORMED_MESSAGE);
        assertClosesWith(new HashRequest(ROOT, 64, 0, 2, 0), CloseReason.MALFORMED_MESSAGE);
        assertClosesWith(new HashRequest(ROOT, 0, 0, 2, -1), CloseReason.MALFORMED_MESSAGE);
        assertClosesWith(new HashRequest(ROOT, 0, 0, 2, 64), CloseReason.MALFORMED_MESSAGE);
    }

    @Test
    void aRequestWithExtraBytesIsMalformed() {
        assertReceivingClosesWith(p -> WireMessages.hashHeader(p.alloc, WireMessages.HASH_REQUEST,
                new HashRequest(ROOT, 0, 0, 2, 0), 1).writeZero(1), CloseReason.MESSAGE_TOO_LONG);
    }

    /** Wire a receives the message (made with the pair's allocator) and closes for {@code reason}. */
    private static void assertReceivingClosesWith(java.util.function.Function<WirePair, ByteBuf> message,
            CloseReason reason) {
        WirePair p = new WirePair().connect();
        p.a.receive(message.apply(p));
        assertEquals(reason, p.listenerA.closeReason);
        p.closeAndCheckLeaks();
    }

    private static void assertClosesWith(HashRequest r, CloseReason reason) {
        WirePair p = new WirePair().connect();
        p.a.hashRequest(r); // the sender does not check: the receiver must
        p.pump();
        assertEquals(reason, p.listenerB.closeReason, r::toString);
        assertTrue(p.listenerB.events.stream().noneMatch(e -> e.startsWith("hashrequest")));
        p.closeAndCheckLeaks();
    }

    private static ByteBuf hashesMessage(WirePair p, HashRequest r, int hashes) {
        return WireMessages.hashHeader(p.alloc, WireMessages.HASHES, r, 32 * hashes).writeZero(32 * hashes);
    }

    private static String last(RecordingListener l) {
        return l.events.get(l.events.size() - 1);
    }
}

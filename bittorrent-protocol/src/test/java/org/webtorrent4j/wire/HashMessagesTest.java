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
        WirePair p = new WirePair().connect();
        HashRequest r = new HashRequest(ROOT, 0, 0, 2, 0);
        assertThrows(IllegalArgumentException.class, () -> p.b.hashes(r, new byte[3 * 32]));
        p.a.receive(hashesMessage(p, r, 3));
        assertEquals(CloseReason.MALFORMED_MESSAGE, p.listenerA.closeReason);
        p.closeAndCheckLeaks();
    }

    @Test
    void hashesWhoseLengthIsNoWholeHashAreMalformed() {
        WirePair p = new WirePair().connect();
        ByteBuf m = WireMessages.hashHeader(p.alloc, WireMessages.HASHES, new HashRequest(ROOT, 0, 0, 1, 0), 31);
        p.a.receive(m.writeZero(31));
        assertEquals(CloseReason.MALFORMED_MESSAGE, p.listenerA.closeReason);
        p.closeAndCheckLeaks();
    }

    @Test
    void tooManyHashesAreRefusedBeforeTheyAreBuffered() {
        WirePair p = new WirePair().connect();
        ByteBuf header = WireMessages.hashHeader(p.alloc, WireMessages.HASHES, new HashRequest(ROOT, 0, 0, 8192, 0),
                32 * (8192 + 65));
        p.a.receive(header); // only the header arrives: its length alone is refused
        assertEquals(CloseReason.MESSAGE_TOO_LONG, p.listenerA.closeReason);
        p.closeAndCheckLeaks();
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
        WirePair p = new WirePair().connect();
        ByteBuf m = WireMessages.hashHeader(p.alloc, WireMessages.HASH_REQUEST, new HashRequest(ROOT, 0, 0, 2, 0), 1);
        p.a.receive(m.writeZero(1));
        assertEquals(CloseReason.MESSAGE_TOO_LONG, p.listenerA.closeReason);
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

package org.webtorrent4j.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.bencode.Bencode;

class ExtensionTest {
    /** Answers "ping" with "pong"; decodes bencode so that garbage is a typed error. */
    static final class Echo implements WireExtension {
        final List<String> received = new ArrayList<>();
        ExtensionContext ctx;
        ExtendedHandshake handshake;
        CloseReason closed;

        @Override public String name() { return "test_echo"; }
        @Override public void onAttach(ExtensionContext context) { ctx = context; }
        @Override public void addHandshakeFields(Map<String, Object> hs) { hs.put("echo_version", 2L); }
        @Override public void onExtendedHandshake(ExtendedHandshake h) { handshake = h; }
        @Override public void onClose(CloseReason reason) { closed = reason; }

        @Override
        public void onMessage(ByteBuf payload) {
            Object v = Bencode.decode(ByteBufUtil.getBytes(payload));
            String text = new String((byte[]) v, StandardCharsets.UTF_8);
            received.add(text);
            if (text.equals("flood")) ctx.misbehaved("flooding");
            if (text.equals("ping")) ctx.send(Bencode.encode("pong"));
        }
    }

    static final class Other implements WireExtension {
        @Override public String name() { return "ut_other"; }
        @Override public void onMessage(ByteBuf payload) { fail("never addressed"); }
    }

    @Test
    void extensionsAreNamedMappedBothWaysAndExchangeMessages() {
        WirePair p = new WirePair();
        p.a.use(new Other());
        Echo echoA = p.a.use(new Echo());
        Echo echoB = p.b.use(new Echo());
        p.connect();
        assertEquals(Map.of("ut_other", 1, "test_echo", 2), p.b.peerExtendedHandshake().messageIds());
        assertEquals(Map.of("test_echo", 1), p.a.peerExtendedHandshake().messageIds());
        assertEquals(2L, echoA.handshake.fields().get("echo_version"));
        assertTrue(echoA.ctx.peerSupports());
        echoA.ctx.send(Bencode.encode("ping"));
        p.pump();
        assertEquals(List.of("ping"), echoB.received);
        assertEquals(List.of("pong"), echoA.received);
        assertThrows(IllegalStateException.class, () -> p.a.sendExtended("ut_other", p.alloc.buffer()));
        assertThrows(IllegalStateException.class, () -> p.a.use(new Echo()));
        p.closeAndCheckLeaks();
        assertEquals(CloseReason.LOCAL, echoA.closed);
    }

    @Test
    void undecodableExtensionMessageClosesTyped() {
        WirePair p = new WirePair();
        p.a.use(new Echo());
        p.b.use(new Echo());
        p.connect();
        p.a.sendExtended("test_echo", p.alloc.wrap("garbage".getBytes(StandardCharsets.US_ASCII)));
        p.pump();
        assertEquals(CloseReason.MALFORMED_EXTENSION_MESSAGE, p.listenerB.closeReason);
        p.closeAndCheckLeaks();
    }

    @Test
    void extensionCanCloseAPeerThatMisbehaves() {
        WirePair p = new WirePair();
        Echo a = p.a.use(new Echo());
        p.b.use(new Echo());
        p.connect();
        a.ctx.send(Bencode.encode("flood"));
        p.pump();
        assertEquals(CloseReason.PEER_MISBEHAVED, p.listenerB.closeReason);
        assertTrue(p.listenerB.closeReason.isProtocolViolation());
        p.closeAndCheckLeaks();
    }

    @Test
    void messagesToUnknownIdsAreIgnoredAndBadHandshakesRejected() {
        WirePair p = new WirePair().connect();
        p.a.receive(p.alloc.wrap(new byte[] {0, 0, 0, 3, 20, 9, 1}));
        assertNull(p.listenerA.closeReason);
        p.a.receive(p.alloc.wrap(new byte[] {0, 0, 0, 4, 20, 0, 'i', 'e'}));
        assertEquals(CloseReason.MALFORMED_MESSAGE, p.listenerA.closeReason);
        p.closeAndCheckLeaks();

        WirePair q = new WirePair().connect();
        byte[] notDict = "li1ee".getBytes(StandardCharsets.US_ASCII);
        ByteBuf m = q.alloc.buffer();
        m.writeInt(2 + notDict.length).writeByte(20).writeByte(0).writeBytes(notDict);
        q.a.receive(m);
        assertEquals(CloseReason.MALFORMED_MESSAGE, q.listenerA.closeReason);
        q.closeAndCheckLeaks();
    }
}

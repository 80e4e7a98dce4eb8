package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The router's buffering and hand-over (moving between loops is covered by SwarmTest). */
class IncomingLoopRouterTest {
    /** Stands in for the wire handler: collects every byte it is given. */
    private static final class Collector extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            bytes.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
    }

    private static byte[] handshakeAndMore(byte[] infoHash) {
        byte[] h = new byte[68 + 5];
        h[0] = 19;
        System.arraycopy("BitTorrent protocol".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, h, 1, 19);
        System.arraycopy(infoHash, 0, h, 28, 20);
        h[68 + 3] = 1; // an "unchoke" message after the handshake
        h[68 + 4] = 1;
        return h;
    }

    @Test
    void aHandshakeCutAnywhereReachesTheWireWholeAfterItsInfoHashIsLookedUp() {
        byte[] infoHash = new byte[20];
        Arrays.fill(infoHash, (byte) 7);
        byte[] stream = handshakeAndMore(infoHash);
        AtomicReference<byte[]> askedFor = new AtomicReference<>();
        Collector wire = new Collector();
        EmbeddedChannel ch = new EmbeddedChannel(new IncomingLoopRouter(h -> {
            askedFor.set(h);
            return null; // stay on this loop
        }, () -> wire, Duration.ofSeconds(20)));
        ch.writeInbound(Unpooled.wrappedBuffer(stream, 0, 10));
        ch.writeInbound(Unpooled.wrappedBuffer(stream, 10, 37));
        assertNull(askedFor.get(), "47 bytes do not hold the info-hash yet");
        ch.writeInbound(Unpooled.wrappedBuffer(stream, 47, stream.length - 47));
        assertArrayEquals(infoHash, askedFor.get());
        assertArrayEquals(stream, wire.bytes.toByteArray());
        assertTrue(ch.pipeline().get(IncomingLoopRouter.class) == null, "the router is gone");
        assertFalse(ch.finish());
    }

    @Test
    void somethingElseGoesToTheWireAtOnce() {
        Collector wire = new Collector();
        EmbeddedChannel ch = new EmbeddedChannel(new IncomingLoopRouter(h -> {
            throw new AssertionError("not a handshake: nothing to look up");
        }, () -> wire, Duration.ofSeconds(20)));
        ch.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals("GET / HTTP/1.1", wire.bytes.toString(java.nio.charset.StandardCharsets.US_ASCII));
        assertFalse(ch.finish());
    }

    @Test
    void aPeerThatNeverSendsItsInfoHashIsDisconnected() {
        EmbeddedChannel ch = new EmbeddedChannel(new IncomingLoopRouter(h -> null, Collector::new, Duration.ofSeconds(20)));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {19, 'B'}));
        ch.advanceTimeBy(21, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive());
        assertFalse(ch.finish());
    }
}

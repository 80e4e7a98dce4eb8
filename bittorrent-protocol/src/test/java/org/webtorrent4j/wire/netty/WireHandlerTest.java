package org.webtorrent4j.wire.netty;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.Request;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireMessages;
import org.webtorrent4j.wire.WireOptions;

class WireHandlerTest {
    private static final byte[] INFO_HASH = new byte[20];
    private static final byte[] PEER_ID = new byte[20];

    static final class FlushCounter extends ChannelOutboundHandlerAdapter {
        int flushes;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    }

    static class Events implements WireListener {
        final List<String> events = new ArrayList<>();
        final List<ByteBuf> blocks = new ArrayList<>();
        CloseReason closed;

        @Override public void onRequest(Wire w, Request r) {
            events.add("request " + r.index());
            w.piece(r.index(), r.begin(), Unpooled.wrappedBuffer(new byte[r.length()]));
        }
        @Override public void onPiece(Wire w, int index, int begin, ByteBuf block) { blocks.add(block); }
        @Override public void onUnchoke(Wire w) { events.add("unchoke"); }
        @Override public void onWritabilityChanged(Wire w, boolean writable) { events.add("writable " + writable); }
        @Override public void onClose(Wire w, CloseReason reason, Throwable cause) { closed = reason; }
    }

    private static byte[] drainOutbound(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = ch.readOutbound()) != null) {
            all.writeBytes(b);
            b.release();
        }
        byte[] bytes = ByteBufUtil.getBytes(all);
        all.release();
        return bytes;
    }

    private static EmbeddedChannel connected(Events events, FlushCounter counter) {
        WireHandler handler = new WireHandler(WireOptions.builder().extended(false).build(), events,
                w -> w.handshake(INFO_HASH, PEER_ID));
        EmbeddedChannel ch = new EmbeddedChannel(counter, handler);
        byte[] sent = drainOutbound(ch);
        assertEquals(Handshake.LENGTH, sent.length);
        ch.writeInbound(WireMessages.handshake(ch.alloc(), new Handshake(Handshake.reservedBits(false, true, false), INFO_HASH, PEER_ID)));
        assertTrue(handler.wire().isHandshakeComplete());
        return ch;
    }

    @Test
    void runsAWireOnAChannelAndBatchesFlushesPerRead() {
        Events events = new Events();
        FlushCounter counter = new FlushCounter();
        EmbeddedChannel ch = connected(events, counter);
        WireHandler handler = ch.pipeline().get(WireHandler.class);
        handler.wire().unchoke();
        drainOutbound(ch);
        int before = counter.flushes;
        // Three requests in one read: three pieces go out with one flush.
        ByteBuf in = Unpooled.buffer();
        for (int i = 0; i < 3; i++) {
            ByteBuf r = WireMessages.withRequest(ch.alloc().buffer(), WireMessages.REQUEST, new Request(i, 0, 1024));
            in.writeBytes(r);
            r.release();
        }
        ch.writeInbound(in);
        assertEquals(List.of("request 0", "request 1", "request 2"), events.events);
        assertEquals(before + 1, counter.flushes);
        assertEquals(3 * (13 + 1024), drainOutbound(ch).length);
        ch.finishAndReleaseAll();
        assertEquals(CloseReason.REMOTE_CLOSED, events.closed);
    }

    /**
     * Small messages made during one read leave in one buffer (not one each), a block keeps its
     * place among them, and the order on the wire is the order of the calls.
     */
    @Test
    void batchesSmallMessagesInOrderAroundBlocks() {
        Events requester = new Events() {
            @Override public void onUnchoke(Wire w) {
                for (int i = 0; i < 40; i++) {
                    w.request(i, 0, 16384);
                }
                w.have(7);
            }
        };
        EmbeddedChannel ch = connected(requester, new FlushCounter());
        ch.writeInbound(WireMessages.simple(ch.alloc().buffer(), WireMessages.UNCHOKE));
        ByteBuf expected = Unpooled.buffer();
        for (int i = 0; i < 40; i++) {
            WireMessages.withRequest(expected, WireMessages.REQUEST, new Request(i, 0, 16384));
        }
        WireMessages.withIndex(expected, WireMessages.HAVE, 7);
        List<byte[]> got = writes(ch);
        assertEquals(1, got.size(), "40 requests and a have in one write");
        assertArrayEquals(ByteBufUtil.getBytes(expected), got.get(0));
        ch.finishAndReleaseAll();

        Events server = new Events() {
            @Override public void onRequest(Wire w, Request r) {
                w.have(100);
                w.piece(r.index(), r.begin(), Unpooled.wrappedBuffer(new byte[] {9, 9, 9, 9}));
                w.have(101);
            }
        };
        ch = connected(server, new FlushCounter());
        ch.pipeline().get(WireHandler.class).wire().unchoke();
        writes(ch);
        ch.writeInbound(WireMessages.withRequest(ch.alloc().buffer(), WireMessages.REQUEST, new Request(3, 0, 4)));
        expected.clear();
        WireMessages.withIndex(expected, WireMessages.HAVE, 100);
        WireMessages.pieceHeader(expected, 3, 0, 4);
        byte[] first = ByteBufUtil.getBytes(expected);
        expected.clear();
        WireMessages.withIndex(expected, WireMessages.HAVE, 101);
        got = writes(ch);
        assertEquals(3, got.size(), "the batch, the block, the batch");
        assertArrayEquals(first, got.get(0));
        assertArrayEquals(new byte[] {9, 9, 9, 9}, got.get(1));
        assertArrayEquals(ByteBufUtil.getBytes(expected), got.get(2));
        expected.release();
        ch.finishAndReleaseAll();
    }

    private static List<byte[]> writes(EmbeddedChannel ch) {
        List<byte[]> writes = new ArrayList<>();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            writes.add(ByteBufUtil.getBytes(b));
        }
        return writes;
    }

    @Test
    void piecesAreSlicesOfTheReceivedBufferNotCopies() {
        Events events = new Events();
        EmbeddedChannel ch = connected(events, new FlushCounter());
        Wire wire = ch.pipeline().get(WireHandler.class).wire();
        ch.writeInbound(WireMessages.simple(ch.alloc().buffer(), WireMessages.UNCHOKE));
        assertTrue(wire.request(4, 0, 8));
        ByteBuf in = Unpooled.buffer();
        ByteBuf header = WireMessages.pieceHeader(ch.alloc().buffer(), 4, 0, 8);
        in.writeBytes(header);
        header.release();
        in.writeBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        ch.writeInbound(in);
        assertEquals(1, events.blocks.size());
        ByteBuf block = events.blocks.get(0);
        assertSame(in, block.unwrap(), "a slice of the read buffer");
        assertEquals(1, in.refCnt(), "only the slice keeps the read buffer alive");
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, ByteBufUtil.getBytes(block));
        block.release();
        assertEquals(0, in.refCnt());
        ch.finishAndReleaseAll();
    }

    @Test
    void backPressureStopsReadingUntilWritableAgain() {
        Events events = new Events();
        EmbeddedChannel ch = connected(events, new FlushCounter());
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        assertFalse(ch.config().isAutoRead());
        assertFalse(ch.pipeline().get(WireHandler.class).wire().isWritable());
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        assertTrue(ch.config().isAutoRead());
        assertEquals(List.of("writable false", "writable true"), events.events);
        ch.finishAndReleaseAll();
    }

    @Test
    void protocolViolationClosesTheChannelWithATypedReason() {
        Events events = new Events();
        EmbeddedChannel ch = connected(events, new FlushCounter());
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x7f, 0, 0, 0, 7}));
        assertEquals(CloseReason.MESSAGE_TOO_LONG, events.closed);
        assertFalse(ch.isOpen());
        ch.finishAndReleaseAll();
    }

    @Test
    void incomingConnectionReadsTheInfoHashFirst() {
        byte[][] seen = new byte[1][];
        WireListener router = new WireListener() {
            @Override
            public void onInfoHash(Wire w, byte[] infoHash) {
                seen[0] = infoHash;
                w.handshake(infoHash, PEER_ID);
            }
        };
        EmbeddedChannel ch = new EmbeddedChannel(new WireHandler(WireOptions.DEFAULT, router, w -> {}));
        assertNull(ch.readOutbound());
        ByteBuf hs = WireMessages.handshake(ch.alloc(), new Handshake(new byte[8], INFO_HASH, PEER_ID));
        ch.writeInbound(hs.readRetainedSlice(48));
        hs.release();
        assertArrayEquals(INFO_HASH, seen[0]);
        assertTrue(Arrays.equals(INFO_HASH, Arrays.copyOfRange(drainOutbound(ch), 28, 48)));
        ch.finishAndReleaseAll();
    }
}

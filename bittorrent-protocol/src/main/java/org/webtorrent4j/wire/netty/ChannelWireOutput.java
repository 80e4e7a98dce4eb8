package org.webtorrent4j.wire.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import org.webtorrent4j.wire.WireOutput;

/**
 * The outgoing half of the Netty adapter: writes a {@link org.webtorrent4j.wire.Wire}'s messages to
 * the channel (blocks pass through untouched, so a file region's or read buffer's bytes are not
 * copied) and flushes only when the wire asks, once per batch.
 */
public final class ChannelWireOutput implements WireOutput {
    private final ChannelHandlerContext ctx;

    public ChannelWireOutput(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void write(ByteBuf message) {
        ctx.write(message, ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public void close() {
        ctx.close();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }
}

package org.webtorrent4j.swarm;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The first handler of an incoming connection: reads the handshake up to the info-hash it asks
 * for, moves the channel to the event loop of that torrent (so its wire events reach the torrent
 * without a thread hop per message), then hands the channel, bytes read so far included, to the
 * wire handler in its place. Anything that is not a BitTorrent handshake goes to the wire as is,
 * to be refused there.
 */
final class IncomingLoopRouter extends ChannelInboundHandlerAdapter {
    /** The first byte of a BitTorrent handshake: the length of "BitTorrent protocol". */
    private static final int PROTOCOL_NAME_LENGTH = 19;
    /** Protocol name length, name, reserved bytes, info-hash. */
    private static final int INFO_HASH_END = 1 + PROTOCOL_NAME_LENGTH + 8 + 20;

    private final Function<byte[], EventLoop> loopFor;
    private final Supplier<ChannelHandler> wireHandler;
    private final Duration timeout;
    private ByteBuf received;
    private ScheduledFuture<?> deadline;
    /** The info-hash was read and the channel's loop chosen. */
    private boolean routed;
    /** The wire handler took over: this handler only passes things on until it is gone. */
    private boolean handedOver;

    /**
     * @param loopFor     the loop for an info-hash, or null to stay
     * @param wireHandler the handler that takes over
     * @param timeout     how long a peer may take to send its info-hash
     */
    IncomingLoopRouter(Function<byte[], EventLoop> loopFor, Supplier<ChannelHandler> wireHandler, Duration timeout) {
        this.loopFor = loopFor;
        this.wireHandler = wireHandler;
        this.timeout = timeout;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        deadline = ctx.executor().schedule(() -> {
            if (!routed) {
                ctx.close();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handedOver || !(msg instanceof ByteBuf data)) {
            ctx.fireChannelRead(msg);
            return;
        }
        keep(ctx, data); // also what arrives while the channel moves
        if (routed) {
            return;
        }
        boolean notBitTorrent = received.getUnsignedByte(received.readerIndex()) != PROTOCOL_NAME_LENGTH;
        if (received.readableBytes() < INFO_HASH_END && !notBitTorrent) {
            return;
        }
        routed = true;
        deadline.cancel(false);
        EventLoop target = notBitTorrent ? null
                : loopFor.apply(ByteBufUtil.getBytes(received, received.readerIndex() + INFO_HASH_END - 20, 20));
        Channel channel = ctx.channel();
        if (target == null || target == channel.eventLoop()) {
            handOver(ctx);
            return;
        }
        channel.config().setAutoRead(false);
        channel.deregister().addListener((ChannelFuture off) -> {
            if (!off.isSuccess()) {
                failed(channel);
                return;
            }
            target.register(channel).addListener((ChannelFuture on) -> {
                if (on.isSuccess() && channel.isActive()) {
                    handOver(channel.pipeline().context(this));
                    channel.config().setAutoRead(true);
                } else {
                    failed(channel);
                }
            });
        });
    }

    private void keep(ChannelHandlerContext ctx, ByteBuf data) {
        if (received == null) {
            received = data;
            return;
        }
        ByteBuf merged = ctx.alloc().buffer(received.readableBytes() + data.readableBytes());
        merged.writeBytes(received).writeBytes(data);
        received.release();
        data.release();
        received = merged;
    }

    /** Puts the wire handler in this handler's place and gives it the bytes read so far. */
    private void handOver(ChannelHandlerContext ctx) {
        ByteBuf bytes = received;
        received = null;
        handedOver = true;
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.replace(this, null, wireHandler.get());
        pipeline.fireChannelRead(bytes);
        pipeline.fireChannelReadComplete();
    }

    private void failed(Channel channel) {
        ReferenceCountUtil.safeRelease(received);
        received = null;
        channel.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (received != null) {
            received.release();
            received = null;
        }
    }
}

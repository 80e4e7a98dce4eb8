package org.webtorrent4j.wire.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;

/**
 * The incoming half of the Netty adapter: runs one {@link Wire} on a channel. Received buffers go
 * to {@link Wire#receive} (which owns them), a timer on the channel's event loop calls
 * {@link Wire#tick}, and while the channel is not writable the handler stops reading (and tells
 * the wire), so a peer that does not read our blocks cannot make us queue more of them.
 *
 * <p>Add it to a pipeline that has no other buffering decoder. {@code onWire} is called on the
 * event loop once the channel is active: install extensions and, for an outgoing connection, send
 * the handshake there.
 */
public final class WireHandler extends ChannelInboundHandlerAdapter {
    private final WireOptions options;
    private final WireListener listener;
    private final Consumer<Wire> onWire;
    private final Duration tickInterval;
    private Wire wire;
    private ScheduledFuture<?> ticker;

    public WireHandler(WireOptions options, WireListener listener, Consumer<Wire> onWire) {
        this(options, listener, onWire, Duration.ofSeconds(1));
    }

    public WireHandler(WireOptions options, WireListener listener, Consumer<Wire> onWire, Duration tickInterval) {
        this.options = options;
        this.listener = listener;
        this.onWire = onWire;
        this.tickInterval = tickInterval;
    }

    /** The wire, once the channel is active; null before. */
    public Wire wire() {
        return wire;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (wire != null) {
            return;
        }
        wire = new Wire(options, new ChannelWireOutput(ctx), listener, System.nanoTime());
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null) {
            wire.setPeerAddress(remote.getAddress().getAddress());
        }
        long interval = tickInterval.toNanos();
        ticker = ctx.executor().scheduleAtFixedRate(() -> wire.tick(System.nanoTime()), interval, interval,
                TimeUnit.NANOSECONDS);
        onWire.accept(wire);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (wire != null && msg instanceof ByteBuf buf) {
            wire.receive(buf);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        ctx.channel().config().setAutoRead(writable);
        if (wire != null) {
            wire.writabilityChanged(writable);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        if (wire != null) {
            wire.transportClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        stop();
        if (wire != null) {
            wire.transportFailed(cause);
        } else {
            ctx.close();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        if (ticker != null) {
            ticker.cancel(false);
            ticker = null;
        }
    }
}

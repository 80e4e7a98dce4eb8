package org.webtorrent4j.swarm;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.webtorrent4j.wire.WireOptions;
import org.webtorrent4j.wire.netty.WireHandler;

/**
 * Wires over TCP on a caller-owned Netty event loop group: native epoll sockets on a group of
 * {@link EpollIoHandler}s, NIO sockets on any other.
 */
public final class TcpTransport implements Transport {
    /** Enough queued bytes to keep a fast link busy; beyond it the wire stops serving blocks. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1 << 20, 4 << 20);

    private final EventLoopGroup group;
    private final boolean epoll;
    /** Once listening, carries our port so that extended handshakes tell peers where to dial us. */
    private volatile WireOptions wireOptions;
    private final Duration connectTimeout;
    private final int maxPendingIncoming;
    private final AtomicInteger pendingIncoming = new AtomicInteger();
    private Channel server;

    /**
     * @param maxPendingIncoming accepted connections that have not yet said which torrent they
     *                           are for; more are closed at once (see {@link SwarmOptions})
     */
    public TcpTransport(EventLoopGroup group, WireOptions wireOptions, Duration connectTimeout, int maxPendingIncoming) {
        this.group = group;
        this.epoll = group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
        this.wireOptions = wireOptions;
        this.connectTimeout = connectTimeout;
        this.maxPendingIncoming = maxPendingIncoming;
    }

    @Override
    public CompletableFuture<InetSocketAddress> listen(InetSocketAddress bind, Supplier<WireSession> sessions) {
        CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        // Until its handshake names a torrent a connection counts against no
                        // swarm limit: these are bounded here, or sockets that send a few bytes
                        // and wait could pile up without end.
                        if (pendingIncoming.incrementAndGet() > maxPendingIncoming) {
                            pendingIncoming.decrementAndGet();
                            ch.close();
                            return;
                        }
                        long accepted = System.nanoTime();
                        AtomicBoolean pending = new AtomicBoolean(true);
                        Runnable identified = () -> {
                            if (pending.compareAndSet(true, false)) {
                                pendingIncoming.decrementAndGet();
                            }
                        };
                        ch.closeFuture().addListener(closed -> identified.run());
                        WireSession session = sessions.get();
                        ch.pipeline().addLast(flushes(), new IncomingLoopRouter(session::eventLoopFor, () -> {
                            identified.run();
                            return wireHandler(ch, session, afterRouting(wireOptions, System.nanoTime() - accepted));
                        }, wireOptions.handshakeTimeout()));
                    }
                });
        b.bind(bind).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                server = f.channel();
                InetSocketAddress local = (InetSocketAddress) f.channel().localAddress();
                if (wireOptions.listenPort() == 0) {
                    wireOptions = wireOptions.toBuilder().listenPort(local.getPort()).build();
                }
                bound.complete(local);
            } else {
                bound.completeExceptionally(f.cause());
            }
        });
        return bound;
    }

    @Override
    public CompletableFuture<Void> dial(InetSocketAddress remote, WireSession session) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        new Bootstrap()
                .group(session.eventLoop() != null ? session.eventLoop() : group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(flushes(), wireHandler(ch, session, wireOptions));
                    }
                })
                .connect(remote)
                .addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        connected.complete(null);
                    } else {
                        connected.completeExceptionally(f.cause());
                    }
                });
        return connected;
    }

    /**
     * Blocks read from disk reach a wire one task each, and each would flush (one system call
     * per 16 KiB): flushes made outside a read are merged until the loop's queued tasks ran.
     */
    private static FlushConsolidationHandler flushes() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }

    /** The wire of a connection, reported to its session on the loop the channel runs on then. */
    private static WireHandler wireHandler(SocketChannel ch, WireSession session, WireOptions options) {
        return new WireHandler(options, session, wire -> session.onWire(wire, ch.remoteAddress(), ch.eventLoop()));
    }

    /**
     * The options of an accepted connection's wire: the time its handshake took until routing
     * counts, so that a slow peer gets the handshake timeout once, not once more after routing.
     */
    static WireOptions afterRouting(WireOptions options, long elapsedNanos) {
        long left = Math.max(1, options.handshakeTimeout().toNanos() - elapsedNanos);
        return options.toBuilder().handshakeTimeout(Duration.ofNanos(left)).build();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
    }
}

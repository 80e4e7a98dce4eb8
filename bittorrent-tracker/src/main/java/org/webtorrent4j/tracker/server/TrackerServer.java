package org.webtorrent4j.tracker.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import org.webtorrent4j.tracker.TrackerException;

/**
 * A BitTorrent tracker serving HTTP, UDP (BEP 15) and WebSocket (WebTorrent) on configurable
 * ports. All swarm state lives on one event loop, which also runs every connection of the
 * server: no locks, no hand-offs. On Linux it uses epoll, so UDP requests are read with
 * recvmmsg and answers written with sendmmsg in batches; elsewhere NIO.
 *
 * <pre>{@code
 * try (TrackerServer server = TrackerServer.start(TrackerServerOptions.builder().httpPort(8000).build())) {
 *     System.out.println(server.httpAnnounceUrl());
 * }
 * }</pre>
 */
public final class TrackerServer implements AutoCloseable {
    /** An HTTP connection idle this long is closed. */
    static final Duration HTTP_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** A WebSocket idle this long is closed (browsers re-announce every 2 minutes). */
    static final Duration WS_IDLE_TIMEOUT = Duration.ofMinutes(10);

    private final TrackerServerOptions options;
    /** Batch reads with recvmmsg: up to this many datagrams per system call (epoll only). */
    static final int UDP_BATCH = 32;
    /** Largest datagram read; requests are at most 16 + 20 × 74 bytes. */
    static final int UDP_MAX_DATAGRAM = 2048;

    private final boolean epoll;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final SwarmRegistry registry;
    private final List<Channel> channels = new ArrayList<>();
    private int httpPort = -1;
    private int udpPort = -1;
    private int wsPort = -1;

    private TrackerServer(TrackerServerOptions options) {
        this.options = options;
        this.epoll = Epoll.isAvailable();
        this.group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        this.registry = new SwarmRegistry(options);
    }

    /** Binds every enabled protocol and starts serving. */
    public static TrackerServer start(TrackerServerOptions options) {
        TrackerServer server = new TrackerServer(options);
        try {
            server.bind();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void bind() {
        if (options.httpPort() >= 0) {
            httpPort = bindTcp(options.httpPort(), new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new IdleStateHandler(0, 0, HTTP_IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                            new CloseOnIdle(),
                            new HttpServerCodec(options.maxHttpRequestBytes(), options.maxHttpRequestBytes(), 8192),
                            new HttpObjectAggregator(options.maxHttpRequestBytes()),
                            new HttpTrackerHandler(registry, options));
                }
            });
        }
        if (options.udpPort() >= 0) {
            ConnectionIds ids = new ConnectionIds(options.connectionIdLifetime().toNanos(), System.nanoTime());
            Bootstrap b = new Bootstrap().group(loop)
                    .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20)
                    .handler(new UdpTrackerHandler(registry, ids, options));
            if (epoll) {
                b.channel(EpollDatagramChannel.class)
                        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_MAX_DATAGRAM)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_MAX_DATAGRAM * UDP_BATCH));
            } else {
                b.channel(NioDatagramChannel.class);
            }
            Channel ch;
            try {
                ch = b.bind(options.host(), options.udpPort()).syncUninterruptibly().channel();
            } catch (RuntimeException e) {
                throw new TrackerException("cannot bind UDP " + options.host() + ":" + options.udpPort() + ": " + e.getMessage(), e);
            }
            channels.add(ch);
            udpPort = ((InetSocketAddress) ch.localAddress()).getPort();
        }
        if (options.wsPort() >= 0) {
            WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder().websocketPath("/")
                    .checkStartsWith(true).maxFramePayloadLength(options.maxWsMessageBytes()).build();
            wsPort = bindTcp(options.wsPort(), new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new IdleStateHandler(0, 0, WS_IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                            new CloseOnIdle(),
                            new HttpServerCodec(options.maxHttpRequestBytes(), options.maxHttpRequestBytes(), 8192),
                            new HttpObjectAggregator(options.maxHttpRequestBytes()),
                            new WebSocketServerProtocolHandler(ws),
                            new WebSocketFrameAggregator(options.maxWsMessageBytes()),
                            new WebSocketTrackerHandler(registry, options));
                }
            });
        }
        long sweep = Math.max(1000, options.peerTimeout().toMillis() / 4);
        loop.scheduleAtFixedRate(() -> registry.expire(System.currentTimeMillis()), sweep, sweep, TimeUnit.MILLISECONDS);
    }

    private int bindTcp(int port, ChannelInitializer<SocketChannel> init) {
        try {
            Channel ch = new ServerBootstrap().group(loop, loop)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024).childHandler(init)
                    .bind(options.host(), port).syncUninterruptibly().channel();
            channels.add(ch);
            return ((InetSocketAddress) ch.localAddress()).getPort();
        } catch (RuntimeException e) {
            throw new TrackerException("cannot bind " + options.host() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound HTTP port, or -1 when HTTP is off. */
    public int httpPort() {
        return httpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    public int wsPort() {
        return wsPort;
    }

    private String hostForUrl() {
        return NetUtil.isValidIpV6Address(options.host()) ? "[" + options.host() + "]" : options.host();
    }

    /** {@code http://host:port/announce}, or null when HTTP is off. */
    public String httpAnnounceUrl() {
        return httpPort < 0 ? null : "http://" + hostForUrl() + ":" + httpPort + "/announce";
    }

    /** {@code udp://host:port}, or null when UDP is off. */
    public String udpAnnounceUrl() {
        return udpPort < 0 ? null : "udp://" + hostForUrl() + ":" + udpPort;
    }

    /** {@code ws://host:port}, or null when WebSocket is off. */
    public String wsAnnounceUrl() {
        return wsPort < 0 ? null : "ws://" + hostForUrl() + ":" + wsPort;
    }

    /** A snapshot of the state, taken on the owning event loop. */
    public CompletableFuture<TrackerStats> stats() {
        CompletableFuture<TrackerStats> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(registry.stats()));
        return f;
    }

    public TrackerServerOptions options() {
        return options;
    }

    @Override
    public void close() {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Closes a connection when the idle handler says so. */
    private static final class CloseOnIdle extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }
    }
}

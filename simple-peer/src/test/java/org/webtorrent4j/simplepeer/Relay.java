package org.webtorrent4j.simplepeer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tests' signalling relay: a WebSocket at {@code /ws/<room>} forwards each text message to
 * the room's other members, and replays the room's earlier messages to a member that joins
 * late, so no one misses an offer whatever the start order; {@code /js/<file>} serves the
 * browser page and its script from the test resources.
 */
public final class Relay implements AutoCloseable {
    private static final AttributeKey<String> ROOM = AttributeKey.valueOf("room");
    private static final int MAX_HISTORY = 256;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final Channel server;
    private final String host;

    private static final class Room {
        final List<Channel> members = new ArrayList<>();
        final List<String> history = new ArrayList<>();
    }

    public Relay(InetAddress bind) throws InterruptedException {
        host = bind.getHostAddress();
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/ws").checkStartsWith(true).maxFramePayloadLength(1 << 20).build()),
                                new Handler());
                    }
                })
                .bind(new InetSocketAddress(bind, 0)).sync().channel();
    }

    public URI ws(String room) {
        return URI.create("ws://" + host + ":" + port() + "/ws/" + room);
    }

    public URI http(String path) {
        return URI.create("http://" + host + ":" + port() + path);
    }

    /** The page that runs peer.js in a browser, joining {@code room} with the given role and streams. */
    public URI page(String room, String role, long sendBytes, long sendSeed, long expectBytes, long expectSeed) {
        String ws = java.net.URLEncoder.encode(ws(room).toString(), java.nio.charset.StandardCharsets.UTF_8);
        return http("/js/page.html?ws=" + ws + "&role=" + role + "&sendBytes=" + sendBytes + "&sendSeed=" + sendSeed
                + "&expectBytes=" + expectBytes + "&expectSeed=" + expectSeed);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hs) {
                String room = hs.requestUri().substring("/ws/".length());
                ctx.channel().attr(ROOM).set(room);
                Room r = rooms.computeIfAbsent(room, k -> new Room());
                synchronized (r) {
                    r.members.add(ctx.channel());
                    for (String earlier : r.history) {
                        ctx.channel().writeAndFlush(new TextWebSocketFrame(earlier));
                    }
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof TextWebSocketFrame text) {
                forward(ctx.channel(), text.text());
            } else if (msg instanceof FullHttpRequest req) {
                serve(ctx, req.uri());
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            String room = ctx.channel().attr(ROOM).get();
            Room r = room == null ? null : rooms.get(room);
            if (r != null) {
                synchronized (r) {
                    r.members.remove(ctx.channel());
                }
            }
        }
    }

    private void forward(Channel from, String text) {
        Room r = rooms.get(from.attr(ROOM).get());
        synchronized (r) {
            for (Channel c : r.members) {
                if (c != from) {
                    c.writeAndFlush(new TextWebSocketFrame(text));
                }
            }
            if (r.history.size() < MAX_HISTORY) {
                r.history.add(text);
            }
        }
    }

    private static void serve(ChannelHandlerContext ctx, String uri) {
        String path = URI.create(uri).getPath();
        byte[] body = null;
        if (path.startsWith("/js/") && path.indexOf("..") < 0) {
            try (InputStream in = Relay.class.getResourceAsStream("js/" + path.substring(4))) {
                body = in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        FullHttpResponse res = body == null
                ? new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND)
                : new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, path.endsWith(".html") ? "text/html; charset=utf-8"
                : "text/javascript; charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
}

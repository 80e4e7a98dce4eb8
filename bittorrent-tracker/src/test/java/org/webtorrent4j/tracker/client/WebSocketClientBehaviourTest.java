package org.webtorrent4j.tracker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ws.WsMessage;
import org.webtorrent4j.tracker.ws.WsMessageCodec;

/** The WebSocket client against a scripted tracker whose replies carry no request id, only their order. */
class WebSocketClientBehaviourTest {

    @Test
    void aLostReplyCostsOnlyItsOwnAnnounce() throws Exception {
        AtomicInteger announces = new AtomicInteger();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel tracker = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                    new WebSocketServerProtocolHandler("/"), new SimpleChannelInboundHandler<TextWebSocketFrame>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                                            WsMessage m = WsMessageCodec.parseRequest(frame.text());
                                            if (m instanceof WsMessage.Announce a && announces.incrementAndGet() > 1) { // the first reply is lost
                                                ctx.writeAndFlush(new TextWebSocketFrame(WsMessageCodec.write(
                                                        new WsMessage.AnnounceReply(a.infoHash(), 120, 0, announces.get(), null, null))));
                                            }
                                        }
                                    });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            int port = ((InetSocketAddress) tracker.localAddress()).getPort();
            try (TrackerClient c = TrackerClient.create(TrackerClientOptions.builder(Id20.random())
                    .tier("ws://127.0.0.1:" + port).requestTimeout(Duration.ofSeconds(1)).build())) {
                assertThrows(ExecutionException.class, () -> c.announce(AnnounceEvent.STARTED).get(5, TimeUnit.SECONDS));
                for (int i = 2; i <= 4; i++) {
                    assertEquals(i, c.announce(AnnounceEvent.NONE).get(5, TimeUnit.SECONDS).incomplete(), "the reply to announce " + i);
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void anAnnounceDroppedFromAFullQueueFailsAtOnce() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            // Accepts the connection and never answers the WebSocket handshake: the socket stays connecting.
            try (TrackerClient c = TrackerClient.create(TrackerClientOptions.builder(Id20.random())
                    .tier("ws://127.0.0.1:" + silent.getLocalPort()).requestTimeout(Duration.ofSeconds(20)).build())) {
                java.util.List<java.util.concurrent.CompletableFuture<?>> announces = new java.util.ArrayList<>();
                for (int i = 0; i <= WebSocketTrackerConnection.Socket.MAX_QUEUED; i++) {
                    announces.add(c.announce(AnnounceEvent.NONE));
                }
                ExecutionException first = assertThrows(ExecutionException.class, () -> announces.get(0).get(5, TimeUnit.SECONDS));
                assertTrue(first.getCause().getMessage().contains("dropped while the socket connected"), first.getCause().getMessage());
                assertFalse(announces.get(1).isDone(), "the others still wait");
            }
        }
    }
}

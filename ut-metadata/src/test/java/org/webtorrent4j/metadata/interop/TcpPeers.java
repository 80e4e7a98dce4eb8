package org.webtorrent4j.metadata.interop;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;
import org.webtorrent4j.wire.netty.WireHandler;

/** A test-only TCP client and listener on plain Netty, running our Wire through the adapter. */
final class TcpPeers implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    /** Dials 127.0.0.1:{@code port}; {@code onWire} runs on the event loop once connected. */
    Channel dial(int port, WireOptions options, WireListener listener, Consumer<Wire> onWire) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new WireHandler(options, listener, onWire));
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port).sync().channel();
    }

    /** Listens on 127.0.0.1:{@code port}; each connection gets a fresh listener. */
    Channel listen(int port, WireOptions options, Supplier<WireListener> listeners, Consumer<Wire> onWire) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new WireHandler(options, listeners.get(), onWire));
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), port).sync().channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

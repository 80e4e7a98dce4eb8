package org.webtorrent4j.tracker.client;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

/**
 * The I/O resources tracker clients share: one event loop, and one pooled WebSocket per tracker
 * URL (browsers' WebTorrent shares sockets the same way). Share one runtime between the clients
 * of many torrents; a client made without one owns a private runtime.
 */
public final class TrackerRuntime implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Map<URI, WebSocketTrackerConnection.Socket> sockets = new HashMap<>();

    public TrackerRuntime() {
        this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.loop = group.next();
    }

    EventLoop loop() {
        return loop;
    }

    /** The pooled socket of a WebSocket tracker; called on the loop. */
    WebSocketTrackerConnection.Socket socket(URI url, ClientSettings settings) {
        return sockets.computeIfAbsent(url, u -> new WebSocketTrackerConnection.Socket(u, this, settings));
    }

    void release(URI url, WebSocketTrackerConnection.Socket socket) {
        sockets.remove(url, socket);
    }

    /** How many pooled WebSockets exist now (for tests and monitoring). */
    int openSockets() {
        return loop.submit(sockets::size).syncUninterruptibly().getNow();
    }

    /** Stops the loop; idempotent. From the loop itself (a listener's callback) it does not wait. */
    @Override
    public void close() {
        var terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        if (!loop.inEventLoop()) {
            terminated.awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }
}

package org.webtorrent4j.swarm;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A way to carry wires: TCP now; uTP and WebRTC data channels plug in behind the same two calls
 * without touching the swarm's logic.
 */
public interface Transport extends AutoCloseable {

    /** Accepts incoming connections; each gets a fresh session from {@code sessions}. */
    CompletableFuture<InetSocketAddress> listen(InetSocketAddress bind, Supplier<WireSession> sessions);

    /**
     * Opens a connection; completes when it is up (the session has its wire by then), or fails
     * when it cannot be made.
     */
    CompletableFuture<Void> dial(InetSocketAddress remote, WireSession session);

    @Override
    void close();
}

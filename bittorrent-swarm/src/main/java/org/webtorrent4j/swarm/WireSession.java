package org.webtorrent4j.swarm;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;

/** The listener of one connection, told by the transport when the connection's wire exists. */
public interface WireSession extends WireListener {

    /** The transport is up and its wire is ready, on the wire's event loop {@code loop}. */
    void onWire(Wire wire, InetSocketAddress remote, EventExecutor loop);

    /** The event loop an outgoing connection should run on, or null for any. */
    default EventLoop eventLoop() {
        return null;
    }

    /**
     * The event loop an incoming connection should move to once the info-hash it asks for is
     * known (that torrent's), or null to stay where it was accepted.
     */
    default EventLoop eventLoopFor(byte[] infoHash) {
        return null;
    }
}

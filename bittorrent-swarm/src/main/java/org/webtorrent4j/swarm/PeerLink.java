package org.webtorrent4j.swarm;

import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import org.webtorrent4j.wire.Wire;

/**
 * One connection of a torrent. The wire is confined to {@code loop}: call its methods only from
 * there ({@code loop.execute(...)} from elsewhere).
 *
 * @param wire     the connection's wire, handshake done or in progress
 * @param remote   the peer's address
 * @param incoming true when the peer dialed us
 * @param loop     the event loop that owns the wire
 */
public record PeerLink(Wire wire, InetSocketAddress remote, boolean incoming, EventExecutor loop) {}

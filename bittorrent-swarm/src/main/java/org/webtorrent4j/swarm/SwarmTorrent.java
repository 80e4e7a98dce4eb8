package org.webtorrent4j.swarm;

import io.netty.channel.EventLoop;
import org.webtorrent4j.wire.WireListener;

/** What a torrent tells the swarm, so the swarm can route and dial connections for it. */
public interface SwarmTorrent {

    /** The 20-byte v1 info-hash (or the truncated v2 hash) that handshakes carry. */
    byte[] infoHash();

    /**
     * A connection for this torrent has started, on the link's event loop: install wire
     * extensions now and return the listener for all further events of this wire.
     */
    WireListener onConnection(PeerLink link);

    /**
     * The event loop the torrent's own state lives on, or null. Connections dialed for it run on
     * this loop too, so that wire events reach the torrent without a thread hop.
     */
    default EventLoop eventLoop() {
        return null;
    }

    /** False when the torrent wants no new outgoing connections (e.g. paused). */
    default boolean wantsPeers() {
        return true;
    }
}

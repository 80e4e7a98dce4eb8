package org.webtorrent4j.pex;

import java.net.InetSocketAddress;
import java.util.List;
import org.webtorrent4j.wire.Wire;

/** Peers learnt from one connection's PEX messages. Called on the wire's thread. */
@FunctionalInterface
public interface PexListener {
    void onPeers(Wire from, List<PexPeer> added, List<InetSocketAddress> dropped);
}

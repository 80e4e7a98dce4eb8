package org.webtorrent4j.dht;

import java.net.InetSocketAddress;

/** Receives each distinct peer a lookup finds, as soon as it arrives (on the node's event loop). */
@FunctionalInterface
public interface PeerListener {
    void onPeer(InetSocketAddress peer);
}

package org.webtorrent4j.dht;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A DHT node's contact: its id and UDP address. */
public record NodeInfo(NodeId id, InetSocketAddress address) {
    public NodeInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }
}

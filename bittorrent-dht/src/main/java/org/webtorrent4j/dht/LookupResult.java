package org.webtorrent4j.dht;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The outcome of an iterative lookup.
 *
 * @param target  the id looked up
 * @param peers   distinct peers found (get_peers lookups)
 * @param closest up to k nodes closest to the target that answered, closest first
 * @param queries queries sent
 * @param hops    how many steps away from our routing table the closest answering node was
 */
public record LookupResult(NodeId target, List<InetSocketAddress> peers, List<NodeInfo> closest, int queries, int hops) {
    public LookupResult {
        peers = List.copyOf(peers);
        closest = List.copyOf(closest);
    }
}

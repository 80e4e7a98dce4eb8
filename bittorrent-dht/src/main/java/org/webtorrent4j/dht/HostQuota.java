package org.webtorrent4j.dht;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many entries each host holds in a store, against a cap, so that one address cannot fill it.
 * Loopback is not capped: every peer of a test swarm shares that host. Not thread-safe.
 */
final class HostQuota {
    private final int max;
    private final Map<InetAddress, Integer> held = new HashMap<>();

    HostQuota(int max) {
        this.max = max;
    }

    /** Whether the host may hold no more entries. */
    boolean isFull(InetAddress host) {
        return !host.isLoopbackAddress() && held.getOrDefault(host, 0) >= max;
    }

    void add(InetAddress host) {
        held.merge(host, 1, Integer::sum);
    }

    void remove(InetAddress host) {
        held.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1);
    }
}

package org.webtorrent4j.dht;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Peers announced to this node, by info-hash, each kept for {@code ttlMillis} after its last
 * announce. Bounded three ways: info-hashes, peers per info-hash (the oldest announce gives way)
 * and peers in total (new peers are refused when full). A host (the announce's source address)
 * holds at most {@link #MAX_PER_HOST} entries, {@link #MAX_PER_HOST_PER_INFO_HASH} of them in one
 * info-hash: one host announcing junk from many ports cannot fill the store, nor push a swarm's
 * real peers out; loopback, where every peer of a test swarm shares one host, is not capped so.
 * Not thread-safe.
 */
public final class PeerStore {
    /** Entries one host may hold, all info-hashes together (a client announces a torrent once). */
    public static final int MAX_PER_HOST = 64;
    /** Entries one host may hold in one info-hash (a few clients behind one NAT). */
    public static final int MAX_PER_HOST_PER_INFO_HASH = 8;

    private final LongSupplier clock;
    private final long ttlMillis;
    private final int maxInfoHashes;
    private final int maxPeersPerInfoHash;
    private final int maxPeers;
    private final Map<NodeId, LinkedHashMap<InetSocketAddress, Long>> swarms = new HashMap<>();
    private final HostQuota perHost = new HostQuota(MAX_PER_HOST);
    private int size;

    public PeerStore(LongSupplier clockMillis, long ttlMillis, int maxInfoHashes, int maxPeersPerInfoHash, int maxPeers) {
        this.clock = clockMillis;
        this.ttlMillis = ttlMillis;
        this.maxInfoHashes = maxInfoHashes;
        this.maxPeersPerInfoHash = maxPeersPerInfoHash;
        this.maxPeers = maxPeers;
    }

    /** Stores or refreshes a peer; returns false when a bound refused it. */
    public boolean add(NodeId infoHash, InetSocketAddress peer) {
        long expiry = clock.getAsLong() + ttlMillis;
        LinkedHashMap<InetSocketAddress, Long> swarm = swarms.get(infoHash);
        if (swarm != null && swarm.remove(peer) != null) {
            swarm.put(peer, expiry);
            return true;
        }
        InetAddress host = peer.getAddress();
        if (perHost.isFull(host) || (swarm != null && swarmQuota(swarm).isFull(host))) {
            return false;
        }
        if (swarm == null) {
            if (swarms.size() >= maxInfoHashes || size >= maxPeers) {
                return false;
            }
            swarm = new LinkedHashMap<>();
            swarms.put(infoHash, swarm);
        }
        if (swarm.size() >= maxPeersPerInfoHash) {
            Iterator<InetSocketAddress> oldest = swarm.keySet().iterator();
            forget(oldest.next());
            oldest.remove();
        } else if (size >= maxPeers) {
            return false;
        }
        swarm.put(peer, expiry);
        size++;
        perHost.add(host);
        return true;
    }

    /** What each host holds in one swarm, against {@link #MAX_PER_HOST_PER_INFO_HASH}. */
    private static HostQuota swarmQuota(Map<InetSocketAddress, Long> swarm) {
        HostQuota quota = new HostQuota(MAX_PER_HOST_PER_INFO_HASH);
        swarm.keySet().forEach(p -> quota.add(p.getAddress()));
        return quota;
    }

    /** Counts a stored peer out. */
    private void forget(InetSocketAddress peer) {
        size--;
        perHost.remove(peer.getAddress());
    }

    /** Up to {@code max} unexpired peers of the info-hash, in random order. */
    public List<InetSocketAddress> get(NodeId infoHash, int max, Random random) {
        LinkedHashMap<InetSocketAddress, Long> swarm = swarms.get(infoHash);
        if (swarm == null) {
            return List.of();
        }
        long now = clock.getAsLong();
        List<InetSocketAddress> live = new ArrayList<>();
        swarm.forEach((peer, expiry) -> {
            if (expiry > now) {
                live.add(peer);
            }
        });
        Collections.shuffle(live, random);
        return live.size() > max ? List.copyOf(live.subList(0, max)) : live;
    }

    /** Drops expired peers and empty info-hashes. */
    public void expire() {
        long now = clock.getAsLong();
        for (Iterator<LinkedHashMap<InetSocketAddress, Long>> swarmsIt = swarms.values().iterator(); swarmsIt.hasNext(); ) {
            LinkedHashMap<InetSocketAddress, Long> swarm = swarmsIt.next();
            for (Iterator<Map.Entry<InetSocketAddress, Long>> it = swarm.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<InetSocketAddress, Long> e = it.next();
                if (e.getValue() <= now) {
                    forget(e.getKey());
                    it.remove();
                }
            }
            if (swarm.isEmpty()) {
                swarmsIt.remove();
            }
        }
    }

    /** Number of stored peers, all info-hashes together. */
    public int size() {
        return size;
    }

    public int infoHashCount() {
        return swarms.size();
    }
}

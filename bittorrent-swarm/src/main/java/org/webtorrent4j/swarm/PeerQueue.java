package org.webtorrent4j.swarm;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The peers a torrent may dial, best first (BEP 40 priority), with back-off for failures.
 * Bounded: when full, a new peer replaces the one of lowest priority. Confined to the swarm's
 * event loop.
 */
final class PeerQueue {
    private static final class Candidate {
        long priority;
        int failures;
        long notBefore;
        boolean busy; // connecting or connected

        Candidate(long priority) {
            this.priority = priority;
        }
    }

    private final Map<InetSocketAddress, Candidate> candidates = new HashMap<>();
    private final int capacity;
    private final int maxFailures;
    private final long baseBackoffNanos;

    PeerQueue(int capacity, int maxFailures, long baseBackoffNanos) {
        this.capacity = capacity;
        this.maxFailures = maxFailures;
        this.baseBackoffNanos = baseBackoffNanos;
    }

    int size() {
        return candidates.size();
    }

    /** Adds a peer, of the given priority, unless known; returns whether it was new. */
    boolean add(InetSocketAddress peer, long priority) {
        if (candidates.containsKey(peer) || peer.getPort() == 0) {
            return false;
        }
        if (candidates.size() >= capacity) {
            InetSocketAddress worst = null;
            long worstPriority = Long.MAX_VALUE;
            for (Map.Entry<InetSocketAddress, Candidate> e : candidates.entrySet()) {
                if (!e.getValue().busy && e.getValue().priority < worstPriority) {
                    worst = e.getKey();
                    worstPriority = e.getValue().priority;
                }
            }
            if (worst == null || worstPriority >= priority) {
                return false;
            }
            candidates.remove(worst);
        }
        candidates.put(peer, new Candidate(priority));
        return true;
    }

    /** The best peer that may be dialed now, marked busy; null if none. */
    InetSocketAddress next(long nowNanos) {
        InetSocketAddress best = null;
        Candidate bestCandidate = null;
        for (Map.Entry<InetSocketAddress, Candidate> e : candidates.entrySet()) {
            Candidate c = e.getValue();
            if (!c.busy && c.notBefore <= nowNanos
                    && (bestCandidate == null || c.priority > bestCandidate.priority)) {
                best = e.getKey();
                bestCandidate = c;
            }
        }
        if (bestCandidate != null) {
            bestCandidate.busy = true;
        }
        return best;
    }

    /** The connection ended. A failed dial backs off exponentially; too many failures drop the peer. */
    void finished(InetSocketAddress peer, boolean failed, long nowNanos) {
        Candidate c = candidates.get(peer);
        if (c == null) {
            return;
        }
        c.busy = false;
        if (!failed) {
            c.failures = 0;
            c.notBefore = nowNanos + baseBackoffNanos;
            return;
        }
        c.failures++;
        if (c.failures >= maxFailures) {
            candidates.remove(peer);
        } else {
            c.notBefore = nowNanos + (baseBackoffNanos << Math.min(c.failures, 10));
        }
    }

    /** Gives every peer its priority again: where peers see us has changed. */
    void reprioritize(ToLongFunction<InetSocketAddress> priority) {
        candidates.forEach((peer, c) -> c.priority = priority.applyAsLong(peer));
    }

    /** Forgets a peer for good (banned, or ourselves). */
    void remove(InetSocketAddress peer) {
        candidates.remove(peer);
    }
}

package org.webtorrent4j.dht;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The Kademlia routing table of BEP 5 as a pure data structure: no I/O, no threads, time from an
 * injected millisecond clock. Not thread-safe; the owning {@link DhtNode} confines it to one event
 * loop.
 *
 * <p>Bucket {@code i} holds the nodes whose id shares exactly {@code i} leading bits with ours; the
 * last bucket holds everything closer and is the only one that splits. Each bucket keeps at most
 * {@code k} nodes and a replacement cache of at most {@code k} more. A node is good while it has
 * answered within {@link #GOOD_WINDOW_MILLIS}, bad after {@code maxFailures} unanswered queries in
 * a row, and questionable otherwise. A full bucket takes a newcomer only in place of a bad node;
 * otherwise the newcomer waits in the cache and the caller is told which questionable nodes to ping.
 */
public final class RoutingTable {
    /** A node that answered within this window is good (BEP 5: 15 minutes). */
    public static final long GOOD_WINDOW_MILLIS = 15 * 60_000L;

    public enum State { GOOD, QUESTIONABLE, BAD }

    /** What {@link #recordResponse} did with the node. */
    public enum Outcome { ADDED, UPDATED, CACHED, REJECTED }

    /** One known node and what we observed of it. */
    public static final class Entry {
        private final NodeInfo node;
        private long lastResponse;
        private long lastQuery;
        private int failures;

        private Entry(NodeInfo node, long now) {
            this.node = node;
            this.lastResponse = now;
        }

        public NodeInfo node() {
            return node;
        }

        public long lastResponseMillis() {
            return lastResponse;
        }

        public int failures() {
            return failures;
        }
    }

    private static final class Bucket {
        final List<Entry> nodes = new ArrayList<>();
        final Deque<Entry> replacements = new ArrayDeque<>();
        long lastChanged;
    }

    private final NodeId self;
    private final int k;
    private final int maxFailures;
    private final LongSupplier clock;
    private final List<Bucket> buckets = new ArrayList<>();
    private final Map<NodeId, Entry> byId = new HashMap<>();
    private final Map<InetSocketAddress, Entry> byAddress = new HashMap<>();

    /**
     * @param k           nodes per bucket (and replacements per bucket); BEP 5 uses 8
     * @param maxFailures consecutive unanswered queries after which a node is bad (default 2)
     */
    public RoutingTable(NodeId self, int k, int maxFailures, LongSupplier clockMillis) {
        if (k < 1 || maxFailures < 1) {
            throw new IllegalArgumentException("k and maxFailures must be >= 1");
        }
        this.self = self;
        this.k = k;
        this.maxFailures = maxFailures;
        this.clock = clockMillis;
        Bucket first = new Bucket();
        first.lastChanged = clockMillis.getAsLong();
        buckets.add(first);
    }

    public NodeId self() {
        return self;
    }

    /** Number of nodes in buckets (not counting replacement caches). */
    public int size() {
        return byId.size() - replacementCount();
    }

    /** Number of nodes waiting in replacement caches. */
    public int replacementCount() {
        int n = 0;
        for (Bucket b : buckets) {
            n += b.replacements.size();
        }
        return n;
    }

    public int bucketCount() {
        return buckets.size();
    }

    private int indexOf(NodeId id) {
        return Math.min(self.commonPrefixLength(id), buckets.size() - 1);
    }

    private State state(Entry e, long now) {
        if (e.failures >= maxFailures) {
            return State.BAD;
        }
        return now - Math.max(e.lastResponse, e.lastQuery) <= GOOD_WINDOW_MILLIS ? State.GOOD : State.QUESTIONABLE;
    }

    /** The state of a node in a bucket, or null when it is not in one. */
    public State stateOf(NodeId id) {
        Entry e = byId.get(id);
        if (e == null || !buckets.get(indexOf(id)).nodes.contains(e)) {
            return null;
        }
        return state(e, clock.getAsLong());
    }

    /**
     * The node answered one of our queries. A known node becomes good again; an unknown one is
     * added if its bucket has room (splitting ours if needed, or replacing a bad node), else cached.
     * Our own id, and an id or address already known with a different partner, are rejected.
     */
    public Outcome recordResponse(NodeInfo node) {
        long now = clock.getAsLong();
        if (node.id().equals(self)) {
            return Outcome.REJECTED;
        }
        Entry known = byId.get(node.id());
        Entry atAddress = byAddress.get(node.address());
        if (known != null || atAddress != null) {
            if (known == null || known != atAddress) {
                return Outcome.REJECTED;
            }
            known.lastResponse = now;
            known.failures = 0;
            Bucket b = buckets.get(indexOf(node.id()));
            if (b.nodes.contains(known)) {
                b.lastChanged = now;
                return Outcome.UPDATED;
            }
            return Outcome.CACHED;
        }
        Entry e = new Entry(node, now);
        while (true) {
            int index = indexOf(node.id());
            Bucket b = buckets.get(index);
            if (b.nodes.size() < k) {
                add(b, e, now);
                return Outcome.ADDED;
            }
            Entry bad = b.nodes.stream().filter(x -> state(x, now) == State.BAD).findFirst().orElse(null);
            if (bad != null) {
                forget(bad);
                b.nodes.remove(bad);
                add(b, e, now);
                return Outcome.ADDED;
            }
            if (index == buckets.size() - 1 && buckets.size() < NodeId.BITS) {
                split();
                continue;
            }
            if (b.replacements.size() >= k) {
                forget(b.replacements.removeFirst());
            }
            b.replacements.addLast(e);
            remember(e);
            return Outcome.CACHED;
        }
    }

    private void add(Bucket b, Entry e, long now) {
        b.nodes.add(e);
        b.lastChanged = now;
        remember(e);
    }

    private void remember(Entry e) {
        byId.put(e.node.id(), e);
        byAddress.put(e.node.address(), e);
    }

    private void forget(Entry e) {
        byId.remove(e.node.id());
        byAddress.remove(e.node.address());
    }

    /** Splits the last bucket: nodes that share more bits with us than its index move to a new last bucket. */
    private void split() {
        int index = buckets.size() - 1;
        Bucket old = buckets.get(index);
        Bucket next = new Bucket();
        next.lastChanged = old.lastChanged;
        buckets.add(next);
        moveCloser(old.nodes, next.nodes, index);
        moveCloser(old.replacements, next.replacements, index);
    }

    private void moveCloser(java.util.Collection<Entry> from, java.util.Collection<Entry> to, int index) {
        for (Iterator<Entry> it = from.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (self.commonPrefixLength(e.node.id()) > index) {
                it.remove();
                to.add(e);
            }
        }
    }

    /**
     * Whether an unknown node that contacted us could enter a bucket now (room, a bad node, or a
     * splittable bucket). The caller pings such a node; only its answer adds it.
     */
    public boolean hasRoomFor(NodeId id) {
        if (id.equals(self) || byId.containsKey(id)) {
            return false;
        }
        int index = indexOf(id);
        Bucket b = buckets.get(index);
        long now = clock.getAsLong();
        return b.nodes.size() < k || (index == buckets.size() - 1 && buckets.size() < NodeId.BITS)
                || b.nodes.stream().anyMatch(x -> state(x, now) == State.BAD)
                || b.nodes.stream().anyMatch(x -> state(x, now) == State.QUESTIONABLE);
    }

    /** The node sent us a query: a known node at the same address stays good (BEP 5). */
    public void recordQuery(NodeInfo node) {
        Entry e = byId.get(node.id());
        if (e != null && e.node.address().equals(node.address()) && e.lastResponse > 0) {
            e.lastQuery = clock.getAsLong();
        }
    }

    /**
     * A query to the node went unanswered. After {@code maxFailures} in a row it is bad and, if its
     * bucket has a cached replacement, the most recently seen one takes its place.
     */
    public void recordTimeout(NodeId id) {
        Entry e = byId.get(id);
        if (e == null) {
            return;
        }
        e.failures++;
        Bucket b = buckets.get(indexOf(id));
        if (b.replacements.remove(e)) {
            forget(e);
            return;
        }
        if (e.failures >= maxFailures && !b.replacements.isEmpty()) {
            b.nodes.remove(e);
            forget(e);
            b.nodes.add(b.replacements.removeLast());
            b.lastChanged = clock.getAsLong();
        }
    }

    /** Removes a node outright (e.g. it answered with our own id or misbehaved). */
    public void remove(NodeId id) {
        Entry e = byId.get(id);
        if (e != null) {
            Bucket b = buckets.get(indexOf(id));
            b.nodes.remove(e);
            b.replacements.remove(e);
            forget(e);
        }
    }

    /** Up to {@code count} non-bad nodes in buckets, closest to {@code target} first. */
    public List<NodeInfo> closest(NodeId target, int count) {
        long now = clock.getAsLong();
        List<Entry> all = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.nodes) {
                if (state(e, now) != State.BAD) {
                    all.add(e);
                }
            }
        }
        all.sort(Comparator.comparing(e -> e.node.id(), target::compareDistance));
        return all.stream().limit(count).map(e -> e.node).toList();
    }

    /** Questionable nodes in buckets, least recently heard first: the ones to ping. */
    public List<NodeInfo> questionable(int max) {
        long now = clock.getAsLong();
        List<Entry> q = new ArrayList<>();
        for (Bucket b : buckets) {
            for (Entry e : b.nodes) {
                if (state(e, now) == State.QUESTIONABLE) {
                    q.add(e);
                }
            }
        }
        q.sort(Comparator.comparingLong(e -> Math.max(e.lastResponse, e.lastQuery)));
        return q.stream().limit(max).map(e -> e.node).toList();
    }

    /** Questionable nodes in the bucket that {@code id} falls in: pinging them may make room for it. */
    public List<NodeInfo> questionableNear(NodeId id) {
        long now = clock.getAsLong();
        return buckets.get(indexOf(id)).nodes.stream().filter(e -> state(e, now) == State.QUESTIONABLE)
                .map(e -> e.node).toList();
    }

    /**
     * For each bucket unchanged for {@code staleMillis}, a random id in its range to look up
     * (BEP 5 bucket refresh); the bucket counts as refreshed from now on.
     */
    public List<NodeId> refreshTargets(long staleMillis, Random random) {
        long now = clock.getAsLong();
        List<NodeId> targets = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (now - b.lastChanged >= staleMillis) {
                b.lastChanged = now;
                targets.add(self.randomWithCommonPrefix(i, random));
            }
        }
        return targets;
    }

    /** Every node in the buckets (for saving the table). */
    public List<NodeInfo> nodes() {
        List<NodeInfo> all = new ArrayList<>();
        for (Bucket b : buckets) {
            b.nodes.forEach(e -> all.add(e.node));
        }
        return all;
    }

    /** Number of nodes in each state, indexed by {@link State#ordinal()}. */
    public int[] stateCounts() {
        long now = clock.getAsLong();
        int[] counts = new int[State.values().length];
        for (Bucket b : buckets) {
            b.nodes.forEach(e -> counts[state(e, now).ordinal()]++);
        }
        return counts;
    }
}

package org.webtorrent4j.tracker.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.function.Consumer;

import org.webtorrent4j.tracker.Id20;

/**
 * The peers of one swarm and one kind: a map for look-up and a dense list for O(1) removal and
 * cheap random sampling. Confined to the server's event loop.
 */
final class PeerTable<K, P extends PeerTable.Entry<K>> {

    /** What the table needs of a peer. */
    abstract static class Entry<K> {
        final K key;
        Id20 peerId;
        boolean seeder;
        long lastSeen;
        int index = -1;

        Entry(K key) {
            this.key = key;
        }
    }

    private final HashMap<K, P> byKey = new HashMap<>();
    private final ArrayList<P> list = new ArrayList<>();
    /** Width of a compact address (6 or 18), or 0 for peers without one (WebSocket). */
    private final int width;
    /**
     * The compact addresses of the peers, densely in list order, so that an answer's peers are
     * copied from one contiguous run of memory instead of being gathered peer by peer.
     */
    private byte[] compact = new byte[0];

    PeerTable(int width) {
        this.width = width;
    }

    P get(K key) {
        return byKey.get(key);
    }

    int size() {
        return list.size();
    }

    /** Adds a peer; {@code address} is its compact form when the table has a width. */
    void add(P p, byte[] address) {
        p.index = list.size();
        list.add(p);
        byKey.put(p.key, p);
        if (width > 0) {
            if (compact.length < list.size() * width) {
                compact = java.util.Arrays.copyOf(compact, Math.max(16 * width, compact.length * 2));
            }
            System.arraycopy(address, 0, compact, p.index * width, width);
        }
    }

    void remove(P p) {
        byKey.remove(p.key);
        int lastIndex = list.size() - 1;
        P last = list.remove(lastIndex);
        if (last != p) {
            list.set(p.index, last);
            last.index = p.index;
            if (width > 0) {
                System.arraycopy(compact, lastIndex * width, compact, p.index * width, width);
            }
        }
        p.index = -1;
        if (width > 0 && compact.length > 64 * width && list.size() * width * 4 < compact.length) {
            compact = java.util.Arrays.copyOf(compact, compact.length / 2);
        }
    }

    /**
     * Writes up to {@code n} compact addresses of peers other than {@code exclude} to {@code out}:
     * a consecutive run from a random start, wrapping around. Returns how many were written.
     */
    int sampleCompact(int n, int randomStart, P exclude, java.nio.ByteBuffer out) {
        int size = list.size();
        if (size == 0 || n <= 0) {
            return 0;
        }
        int skip = exclude == null ? -1 : exclude.index;
        int available = skip >= 0 ? size - 1 : size;
        int want = Math.min(n, available);
        int start = Math.floorMod(randomStart, size);
        int written = 0;
        int i = start;
        while (written < want) {
            // the longest run from i that neither wraps nor crosses the excluded peer
            int runEnd = size;
            if (skip >= i) {
                runEnd = skip;
            }
            int run = Math.min(want - written, runEnd - i);
            if (run > 0) {
                out.put(compact, i * width, run * width);
                written += run;
                i += run;
            }
            if (i == skip) {
                i++;
            }
            if (i >= size) {
                i = 0;
            }
        }
        return written;
    }

    /** Up to {@code n} peers other than {@code exclude}, a consecutive run from a random start. */
    void sample(int n, int randomStart, P exclude, Consumer<P> out) {
        int size = list.size();
        if (size == 0 || n <= 0) {
            return;
        }
        int start = Math.floorMod(randomStart, size);
        int taken = 0;
        for (int i = 0; i < size && taken < n; i++) {
            P p = list.get((start + i) % size);
            if (p != exclude) {
                out.accept(p);
                taken++;
            }
        }
    }

    /** Removes every peer last seen before {@code cutoff}. */
    void expire(long cutoff, Consumer<P> removed) {
        for (int i = list.size() - 1; i >= 0; i--) {
            if (i < list.size()) {
                P p = list.get(i);
                if (p.lastSeen < cutoff) {
                    remove(p);
                    removed.accept(p);
                }
            }
        }
    }
}

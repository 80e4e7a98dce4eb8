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

    P get(K key) {
        return byKey.get(key);
    }

    int size() {
        return list.size();
    }

    void add(P p) {
        p.index = list.size();
        list.add(p);
        byKey.put(p.key, p);
    }

    void remove(P p) {
        byKey.remove(p.key);
        P last = list.remove(list.size() - 1);
        if (last != p) {
            list.set(p.index, last);
            last.index = p.index;
        }
        p.index = -1;
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

package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PeerStoreTest {
    private final AtomicLong now = new AtomicLong();
    private final Random random = new Random(1);
    private final PeerStore store = new PeerStore(now::get, 1000, 2, 3, 5);
    private final NodeId a = NodeId.random(random);
    private final NodeId b = NodeId.random(random);

    private static InetSocketAddress peer(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Test
    void peersExpire() {
        store.add(a, peer(1));
        now.addAndGet(600);
        store.add(a, peer(2));
        now.addAndGet(500);
        assertEquals(List.of(peer(2)), store.get(a, 10, random));
        store.expire();
        assertEquals(1, store.size());
        now.addAndGet(1000);
        store.expire();
        assertEquals(0, store.size());
        assertEquals(0, store.infoHashCount());
    }

    @Test
    void everyBoundHolds() {
        for (int port = 1; port <= 4; port++) {
            assertTrue(store.add(a, peer(port)));
        }
        assertEquals(3, store.get(a, 10, random).size(), "per info-hash cap drops the oldest");
        assertFalse(store.get(a, 10, random).contains(peer(1)));
        assertTrue(store.add(b, peer(1)));
        assertTrue(store.add(b, peer(2)));
        assertFalse(store.add(b, peer(3)), "total cap");
        assertFalse(store.add(NodeId.random(random), peer(9)), "info-hash cap");
        assertEquals(5, store.size());
        assertEquals(2, store.get(a, 2, random).size());
    }

    @Test
    void reannouncingRefreshesWithoutDuplicating() {
        store.add(a, peer(1));
        now.addAndGet(900);
        store.add(a, peer(1));
        now.addAndGet(900);
        assertEquals(List.of(peer(1)), store.get(a, 10, random));
        assertEquals(1, store.size());
    }

    @Test
    void oneHostCannotFillTheStoreNorASwarm() {
        PeerStore big = new PeerStore(now::get, 1000, 5000, 100, 100_000);
        for (int port = 1; port <= 20; port++) {
            big.add(a, remote("10.0.0.1", port));
        }
        assertEquals(PeerStore.MAX_PER_HOST_PER_INFO_HASH, big.get(a, 100, random).size(), "per host in one info-hash");
        assertTrue(big.add(a, remote("10.0.0.2", 1)), "another host still gets in");
        int stored = 0;
        for (int i = 0; i < 1000; i++) {
            stored += big.add(NodeId.random(random), remote("10.0.0.1", 1)) ? 1 : 0;
        }
        assertEquals(PeerStore.MAX_PER_HOST - PeerStore.MAX_PER_HOST_PER_INFO_HASH, stored, "per host overall");
        now.addAndGet(2000);
        big.expire();
        assertTrue(big.add(b, remote("10.0.0.1", 1)), "expired entries count no more");
        for (int port = 1; port <= 20; port++) {
            assertTrue(big.add(b, peer(port)), "loopback, where a test swarm lives, is not capped per host");
        }
    }

    /** An address that is only an object here: nothing is sent to it. */
    private static InetSocketAddress remote(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }
}

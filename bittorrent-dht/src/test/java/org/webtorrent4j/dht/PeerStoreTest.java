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
}

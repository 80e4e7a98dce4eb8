package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class CanonicalPeerPriorityTest {
    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    @Test
    void matchesTheExamplesOfBep40() {
        assertEquals(0xec2d7224L, CanonicalPeerPriority.of(at("123.213.32.10", 0), at("98.76.54.32", 0)));
        assertEquals(0x99568189L, CanonicalPeerPriority.of(at("123.213.32.10", 0), at("123.213.32.234", 0)));
    }

    @Test
    void isSymmetric() {
        InetSocketAddress a = at("127.0.0.1", 6881);
        InetSocketAddress b = at("127.0.0.1", 51413);
        assertEquals(CanonicalPeerPriority.of(a, b), CanonicalPeerPriority.of(b, a));
        InetSocketAddress c = at("10.1.2.3", 1);
        InetSocketAddress d = at("10.1.9.9", 1);
        assertEquals(CanonicalPeerPriority.of(c, d), CanonicalPeerPriority.of(d, c));
    }
}

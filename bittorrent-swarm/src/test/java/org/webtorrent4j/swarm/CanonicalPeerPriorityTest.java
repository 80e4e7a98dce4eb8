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

    /**
     * The masks BEP 40 gives: IPv4 FF.FF.55.55, in the same /16 FF.FF.FF.55; IPv6 starting from
     * FFFF:FFFF:FFFF:5555:..., one more FF byte in the same /48, one more in the same /56.
     */
    @Test
    void masksAsTheBepSays() throws Exception {
        assertEquals(masked("10.1.2.3", "10.1.9.9", 3), CanonicalPeerPriority.of(at("10.1.2.3", 1), at("10.1.9.9", 1)));
        assertEquals(masked("2001:db8:1::1", "2001:db9::2", 6),
                CanonicalPeerPriority.of(at("2001:db8:1::1", 1), at("2001:db9::2", 1)));
        assertEquals(masked("2001:db8:0:1200::1", "2001:db8:0:3400::2", 7),
                CanonicalPeerPriority.of(at("2001:db8:0:1200::1", 1), at("2001:db8:0:3400::2", 1)));
        assertEquals(masked("2001:db8:0:1200::1", "2001:db8:0:12ff::2", 8),
                CanonicalPeerPriority.of(at("2001:db8:0:1200::1", 1), at("2001:db8:0:12ff::2", 1)));
    }

    /** CRC32-C of the two addresses, sorted, with their first {@code kept} bytes whole and 0x55 of the rest. */
    private static long masked(String a, String b, int kept) throws Exception {
        byte[] x = java.net.InetAddress.getByName(a).getAddress();
        byte[] y = java.net.InetAddress.getByName(b).getAddress();
        for (int i = kept; i < x.length; i++) {
            x[i] &= 0x55;
            y[i] &= 0x55;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        boolean xFirst = java.util.Arrays.compareUnsigned(x, y) <= 0;
        crc.update(xFirst ? x : y);
        crc.update(xFirst ? y : x);
        return crc.getValue();
    }
}

package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Where peers see us, for BEP 40: documentation addresses only, nothing is dialed. */
class OwnAddressTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private static OwnAddress wildcard() throws Exception {
        return new OwnAddress(new InetSocketAddress(ip("0.0.0.0"), 6881));
    }

    @Test
    void aWildcardListenerLearnsItsPublicAddressFromWhatMostPeersSay() throws Exception {
        OwnAddress own = wildcard();
        assertNull(own.toward(ip("198.51.100.1")), "unknown before any peer said");
        assertTrue(own.named(ip("198.51.100.1"), ip("203.0.113.7")));
        assertEquals(new InetSocketAddress(ip("203.0.113.7"), 6881), own.toward(ip("198.51.100.99")));
        // One peer naming another address does not outvote the first, nor does repeating it.
        assertFalse(own.named(ip("198.51.100.2"), ip("203.0.113.66")));
        assertFalse(own.named(ip("198.51.100.2"), ip("203.0.113.66")));
        assertEquals(ip("203.0.113.7"), own.toward(ip("198.51.100.99")).getAddress());
        // Two more peers do.
        assertTrue(own.named(ip("198.51.100.3"), ip("203.0.113.66")));
        assertEquals(ip("203.0.113.66"), own.toward(ip("198.51.100.99")).getAddress());
        // A peer that changes its word takes its vote along: two to one.
        assertTrue(own.named(ip("198.51.100.2"), ip("203.0.113.7")));
        assertEquals(ip("203.0.113.7"), own.toward(ip("198.51.100.99")).getAddress());
    }

    @Test
    void privatePeersLoopbackPeersAndEachFamilyAreCountedApart() throws Exception {
        OwnAddress own = wildcard();
        own.named(ip("198.51.100.1"), ip("203.0.113.7"));
        assertNull(own.toward(ip("192.168.1.20")), "a LAN peer sees another address of ours");
        own.named(ip("192.168.1.20"), ip("192.168.1.5"));
        assertEquals(ip("192.168.1.5"), own.toward(ip("10.0.0.3")).getAddress());
        assertEquals(ip("203.0.113.7"), own.toward(ip("198.51.100.1")).getAddress());
        assertNull(own.toward(ip("2001:db8::1")), "no IPv6 peer said");
        assertFalse(own.named(ip("2001:db8::1"), ip("203.0.113.7")), "an IPv4 address for an IPv6 peer");
        own.named(ip("2001:db8::1"), ip("2001:db8:1::5"));
        assertEquals(ip("2001:db8:1::5"), own.toward(ip("2001:db8::2")).getAddress());
        assertNull(own.toward(ip("fd00::7")), "unique-local peers are private ones");
        assertEquals(new InetSocketAddress(ip("127.0.0.1"), 6881), own.toward(ip("127.0.0.5")));
        assertEquals(new InetSocketAddress(ip("::1"), 6881), own.toward(ip("::1")));
        assertFalse(own.named(ip("127.0.0.2"), ip("203.0.113.99")), "loopback peers tell nothing");
    }

    @Test
    void aBoundAddressServesUntilPeersSayOtherwise() throws Exception {
        OwnAddress own = new OwnAddress(new InetSocketAddress(ip("192.0.2.10"), 7000));
        assertEquals(new InetSocketAddress(ip("192.0.2.10"), 7000), own.toward(ip("198.51.100.1")));
        assertNull(own.toward(ip("2001:db8::1")));
        own.named(ip("198.51.100.1"), ip("203.0.113.7")); // behind a NAT
        assertEquals(ip("203.0.113.7"), own.toward(ip("198.51.100.1")).getAddress());
    }

    @Test
    void anIpv6HostVotesOnceWhicheverOfItsAddressesItUses() throws Exception {
        OwnAddress own = new OwnAddress(new InetSocketAddress(ip("::"), 6881));
        own.named(ip("2001:db8:1::1"), ip("2001:db8:f::7"));
        own.named(ip("2001:db8:2::1"), ip("2001:db8:f::7"));
        for (int i = 1; i <= 5; i++) { // one /64, five addresses
            own.named(ip("2001:db8:3::" + i), ip("2001:db8:f::66"));
        }
        assertEquals(ip("2001:db8:f::7"), own.toward(ip("2001:db8:9::1")).getAddress());
    }

    @Test
    void votesAreBounded() throws Exception {
        OwnAddress own = wildcard();
        own.named(ip("198.51.100.1"), ip("203.0.113.7"));
        byte[] voter = {100, 64, 0, 0};
        for (int i = 0; i < OwnAddress.MAX_VOTERS; i++) { // each names a different address
            voter[2] = (byte) (i >> 8);
            voter[3] = (byte) i;
            byte[] named = {(byte) 203, 0, (byte) (i >> 8), (byte) i};
            own.named(InetAddress.getByAddress(voter), InetAddress.getByAddress(named));
        }
        // The first voter was forgotten; every address counted has one vote, so one more ties
        // and two lead.
        assertFalse(own.named(ip("198.51.100.2"), ip("203.0.113.200")));
        assertTrue(own.named(ip("198.51.100.3"), ip("203.0.113.200")));
        assertEquals(ip("203.0.113.200"), own.toward(ip("198.51.100.9")).getAddress());
    }
}

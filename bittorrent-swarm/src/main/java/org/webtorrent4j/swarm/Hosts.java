package org.webtorrent4j.swarm;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Addresses as hosts: what bans, strikes and votes count one each. */
final class Hosts {
    private Hosts() {}

    /**
     * The host an address stands for: itself, or for IPv6 its /64, which one host gets to itself
     * and could otherwise use to come back from another address, or vote many times.
     */
    static InetAddress of(InetAddress address) {
        if (address instanceof Inet6Address && !address.isLoopbackAddress()) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return address(prefix);
        }
        return address;
    }

    /** The address of 4 or 16 bytes. */
    static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException wrongLength) {
            throw new IllegalArgumentException(wrongLength);
        }
    }
}

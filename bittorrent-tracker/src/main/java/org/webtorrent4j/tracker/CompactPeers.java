package org.webtorrent4j.tracker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** The compact peer formats: 6 bytes per IPv4 peer (BEP 23) and 18 per IPv6 peer (BEP 7). */
public final class CompactPeers {
    private CompactPeers() {}

    /** Decodes a run of 6-byte (IPv4) or 18-byte (IPv6) entries; a partial entry is an error. */
    public static List<TrackerPeer> decode(byte[] data, int offset, int end, boolean ipv6) {
        int size = ipv6 ? 18 : 6;
        if ((end - offset) % size != 0) {
            throw new TrackerProtocolException("compact " + (ipv6 ? "IPv6" : "IPv4") + " peers of " + (end - offset)
                    + " bytes are not a multiple of " + size);
        }
        List<TrackerPeer> peers = new ArrayList<>((end - offset) / size);
        byte[] addr = new byte[size - 2];
        for (int p = offset; p < end; p += size) {
            System.arraycopy(data, p, addr, 0, addr.length);
            int port = (data[p + size - 2] & 0xff) << 8 | (data[p + size - 1] & 0xff);
            peers.add(new TrackerPeer(new InetSocketAddress(address(addr), port), null));
        }
        return peers;
    }

    /** The compact form of one address: 6 bytes for IPv4 (also IPv4-mapped IPv6), 18 for IPv6. */
    public static byte[] encode(InetSocketAddress a) {
        byte[] ip = a.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        System.arraycopy(ip, 0, out, 0, ip.length);
        out[ip.length] = (byte) (a.getPort() >> 8);
        out[ip.length + 1] = (byte) a.getPort();
        return out;
    }

    /** An address from its 4 or 16 raw bytes, without a name lookup. */
    public static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }
}

package org.webtorrent4j.dht.krpc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.webtorrent4j.dht.NodeId;
import org.webtorrent4j.dht.NodeInfo;

/**
 * The compact forms of BEP 5 and BEP 32: a peer is its IP address then a big-endian port
 * (6 bytes for IPv4, 18 for IPv6); a node is its 20-byte id followed by a compact peer.
 */
public final class CompactAddresses {
    public static final int PEER4 = 6;
    public static final int PEER6 = 18;
    public static final int NODE4 = NodeId.LENGTH + PEER4;
    public static final int NODE6 = NodeId.LENGTH + PEER6;

    private CompactAddresses() {}

    public static byte[] encodePeer(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        byte[] out = new byte[ip.length + 2];
        System.arraycopy(ip, 0, out, 0, ip.length);
        out[ip.length] = (byte) (address.getPort() >>> 8);
        out[ip.length + 1] = (byte) address.getPort();
        return out;
    }

    /** Decodes a 6- or 18-byte compact peer. */
    public static InetSocketAddress decodePeer(byte[] data) {
        if (data.length != PEER4 && data.length != PEER6) {
            throw new KrpcException("a compact peer is 6 or 18 bytes, got " + data.length, null);
        }
        return decodePeer(data, 0, data.length - 2);
    }

    private static InetSocketAddress decodePeer(byte[] data, int offset, int ipLength) {
        byte[] ip = new byte[ipLength];
        System.arraycopy(data, offset, ip, 0, ipLength);
        int port = ((data[offset + ipLength] & 0xff) << 8) | (data[offset + ipLength + 1] & 0xff);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** Encodes the nodes of one address family ({@code ipv6} false: IPv4 only) as one string. */
    public static byte[] encodeNodes(List<NodeInfo> nodes, boolean ipv6) {
        int size = ipv6 ? NODE6 : NODE4;
        List<NodeInfo> family = nodes.stream().filter(n -> isIpv6(n.address()) == ipv6).toList();
        byte[] out = new byte[family.size() * size];
        int p = 0;
        for (NodeInfo n : family) {
            n.id().copyTo(out, p);
            byte[] peer = encodePeer(n.address());
            System.arraycopy(peer, 0, out, p + NodeId.LENGTH, peer.length);
            p += size;
        }
        return out;
    }

    /** Decodes a {@code nodes} (26-byte entries) or {@code nodes6} (38-byte entries) string. */
    public static List<NodeInfo> decodeNodes(byte[] data, boolean ipv6) {
        int size = ipv6 ? NODE6 : NODE4;
        if (data.length % size != 0) {
            throw new KrpcException((ipv6 ? "nodes6" : "nodes") + " length " + data.length + " is not a multiple of " + size, null);
        }
        List<NodeInfo> nodes = new ArrayList<>(data.length / size);
        for (int p = 0; p < data.length; p += size) {
            byte[] id = new byte[NodeId.LENGTH];
            System.arraycopy(data, p, id, 0, NodeId.LENGTH);
            nodes.add(new NodeInfo(NodeId.of(id), decodePeer(data, p + NodeId.LENGTH, size - NodeId.LENGTH - 2)));
        }
        return nodes;
    }

    public static boolean isIpv6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }

    public static boolean isIpv4(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address;
    }
}

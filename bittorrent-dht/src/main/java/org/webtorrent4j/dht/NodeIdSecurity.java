package org.webtorrent4j.dht;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * BEP 42: node ids tied to the node's external IP. The first 21 bits of a compliant id are the
 * CRC32-C of the masked IP with 3 random bits mixed in; the last byte carries those random bits.
 * Local and private addresses are exempt.
 */
public final class NodeIdSecurity {
    private static final byte[] V4_MASK = {0x03, 0x0f, 0x3f, (byte) 0xff};
    private static final byte[] V6_MASK = {0x01, 0x03, 0x07, 0x0f, 0x1f, 0x3f, 0x7f, (byte) 0xff};

    private NodeIdSecurity() {}

    /** A compliant id for a node whose external address is {@code ip}. */
    public static NodeId generate(InetAddress ip, Random random) {
        byte[] id = new byte[NodeId.LENGTH];
        random.nextBytes(id);
        int r = id[NodeId.LENGTH - 1] & 0xff;
        int crc = crc(ip, r);
        id[0] = (byte) (crc >>> 24);
        id[1] = (byte) (crc >>> 16);
        id[2] = (byte) (((crc >>> 8) & 0xf8) | (random.nextInt() & 0x7));
        return NodeId.of(id);
    }

    /** Whether {@code id} is compliant for {@code ip}; always true for exempt (local, private) addresses. */
    public static boolean isCompliant(NodeId id, InetAddress ip) {
        if (isExempt(ip)) {
            return true;
        }
        byte[] b = id.toBytes();
        int crc = crc(ip, b[NodeId.LENGTH - 1] & 0xff);
        return b[0] == (byte) (crc >>> 24) && b[1] == (byte) (crc >>> 16) && (b[2] & 0xf8) == ((crc >>> 8) & 0xf8);
    }

    /** Loopback, link-local, site-local/private (10/8, 172.16/12, 192.168/16) and IPv6 unique-local addresses. */
    public static boolean isExempt(InetAddress ip) {
        byte[] a = ip.getAddress();
        boolean uniqueLocalV6 = a.length == 16 && (a[0] & 0xfe) == 0xfc;
        return ip.isLoopbackAddress() || ip.isLinkLocalAddress() || ip.isSiteLocalAddress() || ip.isAnyLocalAddress()
                || uniqueLocalV6;
    }

    private static int crc(InetAddress ip, int rand) {
        byte[] mask = ip instanceof Inet4Address ? V4_MASK : V6_MASK;
        byte[] a = ip.getAddress();
        byte[] masked = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            masked[i] = (byte) (a[i] & mask[i]);
        }
        masked[0] |= (byte) ((rand & 0x7) << 5);
        CRC32C crc = new CRC32C();
        crc.update(masked);
        return (int) crc.getValue();
    }
}

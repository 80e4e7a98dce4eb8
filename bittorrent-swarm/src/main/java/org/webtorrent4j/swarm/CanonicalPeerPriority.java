package org.webtorrent4j.swarm;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * BEP 40 canonical peer priority: both ends of a connection compute the same number, so a
 * swarm agrees on which connections to keep instead of every peer picking the same few.
 * The addresses are masked by how close they are, sorted, concatenated, and hashed with
 * CRC32-C. Identical addresses hash their ports instead. For IPv6 the mask starts from /48
 * and grows a byte for each further byte the addresses share, as the BEP says.
 */
public final class CanonicalPeerPriority {
    private CanonicalPeerPriority() {}

    /** The priority of a connection between two endpoints: higher is dialed first. */
    public static long of(InetSocketAddress a, InetSocketAddress b) {
        byte[] x = a.getAddress().getAddress();
        byte[] y = b.getAddress().getAddress();
        CRC32C crc = new CRC32C();
        if (Arrays.equals(x, y)) {
            int low = Math.min(a.getPort(), b.getPort());
            int high = Math.max(a.getPort(), b.getPort());
            crc.update(ByteBuffer.allocate(4).putShort((short) low).putShort((short) high).flip());
            return crc.getValue();
        }
        if (x.length != y.length) {
            // One IPv4 and one IPv6 endpoint never connect directly; any stable order will do.
            crc.update(x);
            crc.update(y);
            return crc.getValue();
        }
        // The mask keeps the first /16 (IPv6: /48) whole and 0x55 of the rest; each further byte
        // the two addresses share keeps one more byte whole (for IPv4: the whole address from
        // the same /24 on).
        int kept = Math.min(x.length, Math.max(x.length == 4 ? 2 : 6, commonPrefixBytes(x, y) + 1));
        byte[] mask = new byte[x.length];
        Arrays.fill(mask, 0, kept, (byte) 0xff);
        Arrays.fill(mask, kept, mask.length, (byte) 0x55);
        byte[] mx = masked(x, mask);
        byte[] my = masked(y, mask);
        if (Arrays.compareUnsigned(mx, my) > 0) {
            byte[] t = mx;
            mx = my;
            my = t;
        }
        crc.update(mx);
        crc.update(my);
        return crc.getValue();
    }

    private static int commonPrefixBytes(byte[] x, byte[] y) {
        int i = 0;
        while (i < x.length && x[i] == y[i]) {
            i++;
        }
        return i;
    }

    private static byte[] masked(byte[] address, byte[] mask) {
        byte[] out = new byte[address.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (address[i] & mask[i]);
        }
        return out;
    }
}

package org.webtorrent4j.pex;

import java.net.InetSocketAddress;

/**
 * A peer exchanged by BEP 11, with its flag bits.
 *
 * @param address IPv4 or IPv6 address and port
 * @param flags   {@link #ENCRYPTION}, {@link #SEED}, {@link #UTP}, {@link #HOLEPUNCH}, {@link #REACHABLE}
 */
public record PexPeer(InetSocketAddress address, int flags) {
    /** Prefers encrypted connections. */
    public static final int ENCRYPTION = 0x01;
    /** Seed or upload-only. */
    public static final int SEED = 0x02;
    /** Supports uTP. */
    public static final int UTP = 0x04;
    /** Supports ut_holepunch. */
    public static final int HOLEPUNCH = 0x08;
    /** Reachable: we reached it with an outgoing connection. */
    public static final int REACHABLE = 0x10;

    public PexPeer {
        if (address == null || address.isUnresolved()) {
            throw new IllegalArgumentException("a PEX peer needs a resolved address");
        }
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags are one byte");
        }
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}

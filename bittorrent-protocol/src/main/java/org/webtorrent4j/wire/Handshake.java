package org.webtorrent4j.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The BitTorrent handshake: 8 reserved bytes, the info-hash and the peer id.
 *
 * @param reserved 8 bytes of capability bits
 * @param infoHash 20 bytes
 * @param peerId   20 bytes
 */
public record Handshake(byte[] reserved, byte[] infoHash, byte[] peerId) {
    public static final int LENGTH = 68;
    static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    public Handshake {
        reserved = checked(reserved, 8, "reserved");
        infoHash = checked(infoHash, 20, "infoHash");
        peerId = checked(peerId, 20, "peerId");
    }

    /** Reserved bytes announcing the given capabilities. */
    public static byte[] reservedBits(boolean extended, boolean fast, boolean dht) {
        byte[] r = new byte[8];
        if (extended) r[5] |= 0x10; // BEP 10: bit 20 from the right
        if (fast) r[7] |= 0x04;     // BEP 6
        if (dht) r[7] |= 0x01;      // BEP 5
        return r;
    }

    public boolean supportsExtended() {
        return (reserved[5] & 0x10) != 0;
    }

    public boolean supportsFast() {
        return (reserved[7] & 0x04) != 0;
    }

    public boolean supportsDht() {
        return (reserved[7] & 0x01) != 0;
    }

    @Override
    public byte[] reserved() {
        return reserved.clone();
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && Arrays.equals(reserved, h.reserved)
                && Arrays.equals(infoHash, h.infoHash) && Arrays.equals(peerId, h.peerId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(reserved) + Arrays.hashCode(infoHash)) + Arrays.hashCode(peerId);
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Handshake[reserved=" + hex.formatHex(reserved) + ", infoHash=" + hex.formatHex(infoHash)
                + ", peerId=" + hex.formatHex(peerId) + "]";
    }

    private static byte[] checked(byte[] b, int length, String name) {
        if (b == null || b.length != length) {
            throw new IllegalArgumentException(name + " must be " + length + " bytes");
        }
        return b.clone();
    }
}

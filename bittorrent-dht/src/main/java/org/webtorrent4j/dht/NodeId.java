package org.webtorrent4j.dht;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

/**
 * A 160-bit Kademlia identifier: a node id, an info-hash or a BEP 44 target. Immutable; the
 * distance between two ids is their XOR, compared as an unsigned big-endian number.
 */
public final class NodeId implements Comparable<NodeId> {
    public static final int LENGTH = 20;
    public static final int BITS = LENGTH * 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private final int hash;

    private NodeId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** An id from exactly 20 bytes (copied). */
    public static NodeId of(byte[] bytes) {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("an id is 20 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        return new NodeId(bytes.clone());
    }

    /** An id from 40 hexadecimal digits, e.g. an info-hash. */
    public static NodeId fromHex(String hex) {
        if (hex == null || hex.length() != LENGTH * 2) {
            throw new IllegalArgumentException("an id is 40 hex digits: " + hex);
        }
        return new NodeId(HexFormat.of().parseHex(hex));
    }

    public static NodeId random() {
        return random(RANDOM);
    }

    public static NodeId random(Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new NodeId(b);
    }

    /** SHA-1 of the data (BEP 44 targets). */
    public static NodeId sha1(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            for (byte[] p : parts) {
                md.update(p);
            }
            return new NodeId(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** A random id that shares exactly the first {@code prefixBits} bits with this one. */
    public NodeId randomWithCommonPrefix(int prefixBits, Random random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        for (int i = 0; i < prefixBits && i < BITS; i++) {
            setBit(b, i, bit(i));
        }
        if (prefixBits < BITS) {
            setBit(b, prefixBits, !bit(prefixBits));
        }
        return new NodeId(b);
    }

    private static void setBit(byte[] b, int i, boolean on) {
        int mask = 0x80 >>> (i & 7);
        b[i >>> 3] = (byte) (on ? (b[i >>> 3] | mask) : (b[i >>> 3] & ~mask));
    }

    /** Bit {@code i}, counting from the most significant bit of byte 0. */
    public boolean bit(int i) {
        return (bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0;
    }

    /** Number of leading bits this id shares with the other (160 when equal). */
    public int commonPrefixLength(NodeId other) {
        for (int i = 0; i < LENGTH; i++) {
            int x = (bytes[i] ^ other.bytes[i]) & 0xff;
            if (x != 0) {
                return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
            }
        }
        return BITS;
    }

    /** Negative when {@code a} is closer to this id than {@code b}, positive when farther. */
    public int compareDistance(NodeId a, NodeId b) {
        for (int i = 0; i < LENGTH; i++) {
            int da = (a.bytes[i] ^ bytes[i]) & 0xff;
            int db = (b.bytes[i] ^ bytes[i]) & 0xff;
            if (da != db) {
                return da < db ? -1 : 1;
            }
        }
        return 0;
    }

    /** A copy of the 20 bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the 20 bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public int compareTo(NodeId o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toHex();
    }
}

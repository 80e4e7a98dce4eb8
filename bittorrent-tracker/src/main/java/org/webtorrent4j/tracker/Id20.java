package org.webtorrent4j.tracker;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 20-byte identifier: an info-hash, a peer id or a WebSocket offer id. Immutable. The WebSocket
 * tracker protocol carries these as 20-character ISO-8859-1 strings in JSON ({@link #latin1()}).
 */
public final class Id20 implements Comparable<Id20> {
    public static final int LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] bytes;

    private Id20(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies exactly 20 bytes. */
    public static Id20 of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("expected " + LENGTH + " bytes, got " + bytes.length);
        }
        return new Id20(bytes.clone());
    }

    public static Id20 of(byte[] data, int offset) {
        if (offset < 0 || offset + LENGTH > data.length) {
            throw new IllegalArgumentException("20 bytes at offset " + offset + " run past " + data.length);
        }
        return new Id20(Arrays.copyOfRange(data, offset, offset + LENGTH));
    }

    public static Id20 fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("expected 40 hex digits, got " + hex.length() + " characters");
        }
        return new Id20(HexFormat.of().parseHex(hex));
    }

    /** The 20-character string form used by WebSocket trackers; every char must be 0..255. */
    public static Id20 fromLatin1(String s) {
        if (s.length() != LENGTH) {
            throw new IllegalArgumentException("expected a 20-character id, got " + s.length());
        }
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("id character " + i + " is not ISO-8859-1");
            }
            b[i] = (byte) c;
        }
        return new Id20(b);
    }

    public static Id20 random() {
        byte[] b = new byte[LENGTH];
        RANDOM.nextBytes(b);
        return new Id20(b);
    }

    /** A peer id in the Azureus style ({@code -WJ0010-} followed by 12 random bytes). */
    public static Id20 randomPeerId() {
        byte[] b = random().bytes;
        System.arraycopy("-WJ0010-".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 8);
        return new Id20(b);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public String latin1() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Id20 other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        // The bytes are hashes or random for nearly every id: the first four are spread enough.
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
    }

    @Override
    public int compareTo(Id20 o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}

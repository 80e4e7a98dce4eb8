package org.webtorrent4j.simplepeer;

/** A reproducible byte stream: byte {@code i} of stream {@code seed}, so receivers check without storing. */
final class Pattern {
    private Pattern() {}

    static byte at(long seed, long i) {
        long x = (i >>> 3) * 0x9E3779B97F4A7C15L + seed;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 32;
        return (byte) (x >>> ((i & 7) * 8));
    }

    static byte[] bytes(long seed, long from, int length) {
        byte[] b = new byte[length];
        for (int k = 0; k < length; k++) {
            b[k] = at(seed, from + k);
        }
        return b;
    }
}

package org.webtorrent4j.simplepeer;

/** A reproducible byte stream: byte {@code i} of stream {@code seed}, so receivers check without storing. */
final class Pattern {
    private Pattern() {}

    /** 32-bit arithmetic only, so that peer.js computes the same stream in JavaScript. */
    static byte at(long seed, long i) {
        int h = ((int) (i >>> 2) ^ (int) seed) * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA77;
        h ^= h >>> 13;
        return (byte) (h >>> ((i & 3) * 8));
    }

    static byte[] bytes(long seed, long from, int length) {
        byte[] b = new byte[length];
        for (int k = 0; k < length; k++) {
            b[k] = at(seed, from + k);
        }
        return b;
    }
}

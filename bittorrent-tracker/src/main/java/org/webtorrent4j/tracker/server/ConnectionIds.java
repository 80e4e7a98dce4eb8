package org.webtorrent4j.tracker.server;

import java.security.SecureRandom;

/**
 * UDP connection ids (BEP 15) without per-client state: an id is a keyed hash (SipHash-2-4) of
 * the sender's IP address under a secret that rotates every {@code lifetime}; the current
 * and the previous secret are accepted, so an id lives one to two lifetimes. A spoofed source
 * never sees the id, so it cannot announce. The port is left out on purpose:
 * libtorrent shares one id cache between the sessions of a process, so a second session on
 * another port announces with an id the first one obtained (opentracker also keys on the IP).
 */
final class ConnectionIds {
    private final SecureRandom random = new SecureRandom();
    private final long lifetimeNanos;
    private long k0;
    private long k1;
    private long previousK0;
    private long previousK1;
    private long rotatedAt;

    ConnectionIds(long lifetimeNanos, long now) {
        this.lifetimeNanos = lifetimeNanos;
        k0 = random.nextLong();
        k1 = random.nextLong();
        previousK0 = k0;
        previousK1 = k1;
        rotatedAt = now;
    }

    long issue(byte[] address, long now) {
        rotate(now);
        return SipHash.hash(k0, k1, address);
    }

    boolean valid(long id, byte[] address, long now) {
        rotate(now);
        return id == SipHash.hash(k0, k1, address) || id == SipHash.hash(previousK0, previousK1, address);
    }

    private void rotate(long now) {
        if (now - rotatedAt >= lifetimeNanos) {
            boolean longIdle = now - rotatedAt >= 2 * lifetimeNanos;
            previousK0 = longIdle ? random.nextLong() : k0;
            previousK1 = longIdle ? random.nextLong() : k1;
            k0 = random.nextLong();
            k1 = random.nextLong();
            rotatedAt = now;
        }
    }

    /** SipHash-2-4 of a short message (an address's 4 or 16 bytes). */
    static final class SipHash {
        private SipHash() {}

        static long hash(long k0, long k1, byte[] m) {
            long v0 = 0x736f6d6570736575L ^ k0;
            long v1 = 0x646f72616e646f6dL ^ k1;
            long v2 = 0x6c7967656e657261L ^ k0;
            long v3 = 0x7465646279746573L ^ k1;
            int blocks = m.length / 8;
            long[] v = {v0, v1, v2, v3};
            for (int i = 0; i < blocks; i++) {
                long w = littleEndian(m, i * 8, 8);
                v[3] ^= w;
                round(v);
                round(v);
                v[0] ^= w;
            }
            long last = ((long) m.length & 0xff) << 56 | littleEndian(m, blocks * 8, m.length - blocks * 8);
            v[3] ^= last;
            round(v);
            round(v);
            v[0] ^= last;
            v[2] ^= 0xff;
            for (int i = 0; i < 4; i++) {
                round(v);
            }
            return v[0] ^ v[1] ^ v[2] ^ v[3];
        }

        private static long littleEndian(byte[] b, int off, int n) {
            long w = 0;
            for (int i = 0; i < n; i++) {
                w |= (b[off + i] & 0xffL) << (8 * i);
            }
            return w;
        }

        private static void round(long[] v) {
            v[0] += v[1];
            v[1] = Long.rotateLeft(v[1], 13);
            v[1] ^= v[0];
            v[0] = Long.rotateLeft(v[0], 32);
            v[2] += v[3];
            v[3] = Long.rotateLeft(v[3], 16);
            v[3] ^= v[2];
            v[0] += v[3];
            v[3] = Long.rotateLeft(v[3], 21);
            v[3] ^= v[0];
            v[2] += v[1];
            v[1] = Long.rotateLeft(v[1], 17);
            v[1] ^= v[2];
            v[2] = Long.rotateLeft(v[2], 32);
        }
    }
}

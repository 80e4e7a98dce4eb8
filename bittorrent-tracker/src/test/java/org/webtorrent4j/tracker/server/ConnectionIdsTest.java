package org.webtorrent4j.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ConnectionIdsTest {
    static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    static final byte[] A = {127, 0, 0, 1};
    static final byte[] B = {127, 0, 0, 2};

    @Test
    void idsAreBoundToTheAddressAndLiveOneToTwoLifetimes() {
        ConnectionIds ids = new ConnectionIds(MINUTE, 0);
        long id = ids.issue(A, 10);
        assertEquals(id, ids.issue(A, 20));
        assertTrue(ids.valid(id, A, 30));
        assertFalse(ids.valid(id, B, 30));
        assertTrue(ids.valid(id, A, MINUTE + 10)); // rotated once: the previous secret still counts
        assertFalse(ids.valid(id, A, 2 * MINUTE + 20)); // rotated twice: gone
        assertFalse(new ConnectionIds(MINUTE, 0).valid(id, A, 0)); // another server's secret
    }

    @Test
    void sipHashMatchesTheReferenceVector() {
        // SipHash-2-4, key 00..0f, message 00..0e (15 bytes): reference output a129ca6149be45e5 (little-endian bytes)
        byte[] m = new byte[15];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) i;
        }
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        assertEquals(0xa129ca6149be45e5L, ConnectionIds.SipHash.hash(k0, k1, m));
    }
}

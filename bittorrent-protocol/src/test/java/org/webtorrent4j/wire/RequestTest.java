package org.webtorrent4j.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTest {
    @Test
    void equalExactlyWhenAllThreeComponentsAre() {
        Request r = new Request(3, 16384, 16384);
        assertEquals(r, new Request(3, 16384, 16384));
        assertEquals(r.hashCode(), new Request(3, 16384, 16384).hashCode());
        assertNotEquals(r, new Request(4, 16384, 16384));
        assertNotEquals(r, new Request(3, 0, 16384));
        assertNotEquals(r, new Request(3, 16384, 100));
        assertNotEquals(r, null);
        assertNotEquals(r, "3 16384 16384");
    }

    @Test
    void blocksOfAPieceHashApart() {
        Set<Integer> hashes = new HashSet<>();
        for (int piece = 0; piece < 64; piece++) {
            for (int begin = 0; begin < 1 << 20; begin += 1 << 14) {
                hashes.add(new Request(piece, begin, 1 << 14).hashCode());
            }
        }
        assertEquals(64 * 64, hashes.size());
    }
}

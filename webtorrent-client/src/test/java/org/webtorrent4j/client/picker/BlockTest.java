package org.webtorrent4j.client.picker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class BlockTest {
    @Test
    void equalExactlyWhenAllThreeComponentsAre() {
        Block b = new Block(7, 32768, 16384);
        assertEquals(b, new Block(7, 32768, 16384));
        assertEquals(b.hashCode(), new Block(7, 32768, 16384).hashCode());
        assertNotEquals(b, new Block(8, 32768, 16384));
        assertNotEquals(b, new Block(7, 16384, 16384));
        assertNotEquals(b, new Block(7, 32768, 1));
        assertNotEquals(b, null);
        assertEquals("Block[piece=7, offset=32768, length=16384]", b.toString());
    }
}

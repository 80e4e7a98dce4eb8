package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.client.storage.FileStorage;

class PieceBuffersTest {
    private static final int BLOCK = 16 * 1024;

    /**
     * Blocks arriving in any order make the piece, in aligned memory, whatever the piece length:
     * lengths that are not whole pages once left the buffer short, depending on where the
     * allocation happened to lie. Every block is released as it is copied.
     */
    @Test
    void assemblesPiecesOfAnyLengthInAlignedMemory() {
        Random random = new Random(3);
        for (int pieceLength : new int[] {1, 4095, 4097, 18_080, 65_537, 1 << 20}) {
            for (int run = 0; run < 10; run++) {
                PieceBuffers buffers = new PieceBuffers(pieceLength, 0);
                byte[] piece = new byte[pieceLength];
                random.nextBytes(piece);
                int blocks = (pieceLength + BLOCK - 1) / BLOCK;
                ByteBuf[] sent = new ByteBuf[blocks];
                for (int i = blocks - 1; i >= 0; i--) {
                    int at = i * BLOCK;
                    sent[i] = Unpooled.directBuffer().writeBytes(piece, at, Math.min(BLOCK, pieceLength - at));
                    buffers.put(7, pieceLength, at, sent[i]);
                }
                ByteBuffer assembled = buffers.take(7);
                assertEquals(0, assembled.alignmentOffset(0, FileStorage.DIRECT_ALIGNMENT), "aligned");
                assertEquals(ByteBuffer.wrap(piece), assembled, "piece length " + pieceLength);
                for (ByteBuf b : sent) {
                    assertEquals(0, b.refCnt(), "released once copied");
                }
            }
        }
    }

    @Test
    void countsBuffersUntilTheyComeBackAndReusesThem() {
        int pieceLength = 4 * BLOCK;
        PieceBuffers buffers = new PieceBuffers(pieceLength, 2L * pieceLength);
        buffers.put(0, pieceLength, 0, block(1));
        buffers.put(1, 2 * BLOCK, BLOCK, block(2)); // a short last piece
        assertTrue(buffers.bytes() >= 2L * pieceLength, "two pieces out: " + buffers.bytes());
        ByteBuffer last = buffers.take(1);
        assertEquals(2 * BLOCK, last.limit(), "limited to the piece's size");
        assertEquals(2, last.get(BLOCK));
        assertNull(buffers.take(1), "taken once");
        long withBoth = buffers.bytes();
        buffers.recycle(last);
        assertEquals(withBoth - last.capacity(), buffers.bytes(), "a recycled buffer no longer counts");
        buffers.put(2, pieceLength, 0, block(3));
        assertSame(last, buffers.take(2), "the next piece reuses it");
    }

    @Test
    void closeDropsEverythingAndKeepsNothing() {
        int pieceLength = 2 * BLOCK;
        PieceBuffers buffers = new PieceBuffers(pieceLength, 4L * pieceLength);
        buffers.put(0, pieceLength, 0, block(1));
        buffers.put(1, pieceLength, 0, block(2));
        ByteBuffer hashing = buffers.take(1);
        buffers.close();
        assertNull(buffers.take(0), "assembling pieces dropped");
        buffers.recycle(hashing); // comes back from the hash and disk pools after the stop
        assertEquals(0, buffers.bytes());
    }

    private static ByteBuf block(int fill) {
        byte[] bytes = new byte[BLOCK];
        java.util.Arrays.fill(bytes, (byte) fill);
        return Unpooled.wrappedBuffer(bytes);
    }
}

package org.webtorrent4j.client.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PieceLayoutTest {
    // files: 10 bytes, empty, 5 bytes, empty, 20 bytes = 35 bytes; pieces of 16: 16, 16, 3
    private final PieceLayout layout = new PieceLayout(new long[] {10, 0, 5, 0, 20}, 16);

    @Test
    void countsPiecesAndSizes() {
        assertEquals(35, layout.totalLength());
        assertEquals(3, layout.pieceCount());
        assertEquals(16, layout.pieceSize(0));
        assertEquals(3, layout.pieceSize(2));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.pieceSize(3));
    }

    @Test
    void slicesCrossFileBoundariesAndSkipEmptyFiles() {
        assertEquals(List.of(new FileSlice(0, 0, 10), new FileSlice(2, 0, 5), new FileSlice(4, 0, 1)),
                layout.slices(0, 0, 16));
        assertEquals(List.of(new FileSlice(2, 2, 3), new FileSlice(4, 0, 1)), layout.slices(0, 12, 4));
        assertEquals(List.of(new FileSlice(4, 17, 3)), layout.slices(2, 0, 3));
        assertEquals(List.of(), layout.slices(1, 4, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.slices(2, 1, 3));
    }

    @Test
    void mapsFilesToPieces() {
        assertEquals(0, layout.firstPiece(0));
        assertEquals(0, layout.lastPiece(0));
        assertEquals(0, layout.firstPiece(4));
        assertEquals(2, layout.lastPiece(4));
        assertEquals(-1, layout.lastPiece(1) - layout.firstPiece(1), "an empty file spans no piece");
    }
}

package org.webtorrent4j.client;

import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;
import org.webtorrent4j.client.picker.PiecePicker;

/**
 * The received blocks of pieces not yet complete, kept in memory (as the wire's zero-copy
 * slices) so that a piece is hashed as a whole once and written once, never read back.
 * Confined to the torrent's executor; owns every buffer it holds.
 */
final class PieceBuffers {
    private final Map<Integer, ByteBuf[]> pieces = new HashMap<>();
    private long bytes;

    /** Bytes held now: the torrent starts no new piece while this is over its budget. */
    long bytes() {
        return bytes;
    }

    /** Takes ownership of a block; a block already held for that slot is released. */
    void put(int piece, int blockCount, int offset, ByteBuf block) {
        ByteBuf[] blocks = pieces.computeIfAbsent(piece, p -> new ByteBuf[blockCount]);
        int index = offset / PiecePicker.BLOCK_SIZE;
        if (blocks[index] != null) {
            bytes -= blocks[index].readableBytes();
            blocks[index].release();
        }
        blocks[index] = block;
        bytes += block.readableBytes();
    }

    /** Hands the piece's blocks, in order, to the caller, who must release them. */
    ByteBuf[] take(int piece) {
        ByteBuf[] blocks = pieces.remove(piece);
        if (blocks != null) {
            for (ByteBuf b : blocks) {
                bytes -= b == null ? 0 : b.readableBytes();
            }
        }
        return blocks;
    }

    /** Drops a piece's blocks (it failed, or the torrent stops). */
    void discard(int piece) {
        release(take(piece));
    }

    void discardAll() {
        for (Integer piece : Map.copyOf(pieces).keySet()) {
            discard(piece);
        }
    }

    static void release(ByteBuf[] blocks) {
        if (blocks != null) {
            for (ByteBuf b : blocks) {
                if (b != null) {
                    b.release();
                }
            }
        }
    }
}

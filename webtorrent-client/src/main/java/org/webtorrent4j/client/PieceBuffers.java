package org.webtorrent4j.client;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.webtorrent4j.client.storage.FileStorage;

/**
 * The pieces being assembled, each in one page-aligned direct buffer the size of a piece. A block
 * is copied in as it arrives and the wire's buffer released at once, so the network's read
 * buffers are reused while they are still in cache. A complete piece is then hashed in one pass
 * and written from that same memory, past the page cache where its files line up with the
 * alignment, without another copy.
 *
 * <p>Buffers are reused: a handful are kept for the next pieces. Confined to the torrent's
 * executor.
 */
final class PieceBuffers {
    private final int pieceLength;
    private final int maxSpare;
    private final Map<Integer, ByteBuffer> assembling = new HashMap<>();
    private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();
    private long bytesOut;
    private boolean closed;

    /**
     * @param pieceLength the torrent's piece length: every buffer holds any of its pieces
     * @param spareBytes  how many bytes of unused buffers to keep for the next pieces
     */
    PieceBuffers(int pieceLength, long spareBytes) {
        this.pieceLength = pieceLength;
        this.maxSpare = (int) Math.max(1, spareBytes / pieceLength);
    }

    /**
     * Bytes of buffers in use: pieces being assembled and pieces being hashed or written. The
     * torrent starts no new piece while this is over its budget.
     */
    long bytes() {
        return bytesOut;
    }

    /** Copies a block to its place in its piece and releases it. */
    void put(int piece, int pieceSize, int offset, ByteBuf block) {
        try {
            ByteBuffer target = assembling.get(piece);
            if (target == null) {
                target = obtain().limit(pieceSize);
                assembling.put(piece, target);
            }
            block.getBytes(block.readerIndex(), target.duplicate().position(offset).limit(offset + block.readableBytes()));
        } finally {
            block.release();
        }
    }

    /**
     * Hands a piece's bytes (position 0, limit its size) to the caller, who must give the buffer
     * back with {@link #recycle} once it is hashed and written. Null if none arrived.
     */
    ByteBuffer take(int piece) {
        return assembling.remove(piece);
    }

    /** Takes back a buffer from {@link #take}. */
    void recycle(ByteBuffer buffer) {
        bytesOut -= buffer.capacity();
        if (!closed && spare.size() < maxSpare) {
            spare.push(buffer.clear());
        }
    }

    /** Lets go of the spare buffers: the torrent has all its pieces, for now. */
    void releaseSpare() {
        spare.clear();
    }

    /** Drops every piece and keeps no buffer from now on; buffers still out are dropped on return. */
    void close() {
        closed = true;
        assembling.values().forEach(this::recycle);
        assembling.clear();
        spare.clear();
    }

    private ByteBuffer obtain() {
        ByteBuffer buffer = spare.poll();
        if (buffer == null) {
            // alignedSlice rounds both ends to whole pages: allocate whole pages, plus one to move into.
            int pages = (pieceLength + FileStorage.DIRECT_ALIGNMENT - 1) / FileStorage.DIRECT_ALIGNMENT + 1;
            buffer = ByteBuffer.allocateDirect(pages * FileStorage.DIRECT_ALIGNMENT).alignedSlice(FileStorage.DIRECT_ALIGNMENT);
        }
        bytesOut += buffer.capacity();
        return buffer;
    }
}

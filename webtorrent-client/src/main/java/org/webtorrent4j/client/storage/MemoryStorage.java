package org.webtorrent4j.client.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** Keeps pieces in memory, allocating each piece on its first write. */
public final class MemoryStorage implements Storage {
    private final PieceLayout layout;
    private final AtomicReferenceArray<byte[]> pieces;

    public MemoryStorage(PieceLayout layout) {
        this.layout = layout;
        this.pieces = new AtomicReferenceArray<>(layout.pieceCount());
    }

    @Override
    public PieceLayout layout() {
        return layout;
    }

    @Override
    public void write(int piece, int offset, ByteBuffer data) {
        checkRange(piece, offset, data.remaining());
        byte[] bytes = pieces.get(piece);
        if (bytes == null) {
            pieces.compareAndSet(piece, null, new byte[layout.pieceSize(piece)]);
            bytes = pieces.get(piece);
        }
        data.get(bytes, offset, data.remaining());
    }

    @Override
    public void read(int piece, int offset, ByteBuffer target) {
        int length = target.remaining();
        checkRange(piece, offset, length);
        byte[] bytes = pieces.get(piece);
        if (bytes == null) {
            target.put(new byte[length]);
        } else {
            target.put(bytes, offset, length);
        }
    }

    @Override
    public void readVerified(int piece, int offset, ByteBuffer target) throws IOException {
        if (pieces.get(piece) == null) {
            throw new IOException("piece " + piece + " is not in memory");
        }
        read(piece, offset, target);
    }

    @Override
    public boolean holdsBytesOf(int piece) {
        return pieces.get(piece) != null;
    }

    private void checkRange(int piece, int offset, int length) {
        int size = layout.pieceSize(piece);
        if (offset < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException(length + " bytes at " + offset + " of piece " + piece + " (" + size + " bytes)");
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}

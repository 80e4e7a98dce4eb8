package org.webtorrent4j.client.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Where a torrent's pieces are kept. Reads and writes address bytes by piece and offset; the
 * storage maps them onto its own layout. Implementations are safe for concurrent use by the
 * disk workers of one torrent.
 */
public interface Storage extends AutoCloseable {

    PieceLayout layout();

    /** Writes all remaining bytes of {@code data} at {@code offset} within the piece. */
    void write(int piece, int offset, ByteBuffer data) throws IOException;

    /**
     * Fills {@code target}'s remaining space with the bytes at {@code offset} within the piece.
     * Bytes never written read as zeros.
     */
    void read(int piece, int offset, ByteBuffer target) throws IOException;

    /**
     * Reads bytes of a verified piece, as {@link #read} does, except that they must all be
     * there: a file deleted or cut short since the piece was verified is an {@link IOException}
     * naming it, never zeros sent as the piece's data.
     */
    void readVerified(int piece, int offset, ByteBuffer target) throws IOException;

    /**
     * False when some of the piece's bytes were never stored (one of its files does not exist or
     * ends before it): checking it would hash zeros there, and a piece of zeros would pass
     * without its bytes ever being written.
     */
    boolean holdsBytesOf(int piece) throws IOException;

    /** Forces written bytes to durable storage (before a piece is recorded as verified). */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}

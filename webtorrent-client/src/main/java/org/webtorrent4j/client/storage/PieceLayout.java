package org.webtorrent4j.client.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where each piece of a torrent lies in its files: the torrent's bytes are the concatenation
 * of all files (padding files included), cut into pieces of one length, the last one shorter.
 */
public final class PieceLayout {
    private final long[] fileLengths;
    /** Start offset of each file in the torrent's byte stream; one extra entry holds the total. */
    private final long[] fileStarts;
    private final int pieceLength;
    private final int pieceCount;

    public PieceLayout(long[] fileLengths, int pieceLength) {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
        }
        this.fileLengths = fileLengths.clone();
        this.fileStarts = new long[fileLengths.length + 1];
        for (int i = 0; i < fileLengths.length; i++) {
            if (fileLengths[i] < 0) {
                throw new IllegalArgumentException("file " + i + " has a negative length");
            }
            fileStarts[i + 1] = Math.addExact(fileStarts[i], fileLengths[i]);
        }
        this.pieceLength = pieceLength;
        long count = (totalLength() + pieceLength - 1) / pieceLength;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many pieces: " + count);
        }
        this.pieceCount = (int) count;
    }

    public long totalLength() {
        return fileStarts[fileLengths.length];
    }

    public int pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    public int fileCount() {
        return fileLengths.length;
    }

    public long fileLength(int file) {
        return fileLengths[file];
    }

    /** Offset of the file's first byte in the torrent's byte stream. */
    public long fileStart(int file) {
        return fileStarts[file];
    }

    /** Length of the piece: the piece length, or less for the last piece. */
    public int pieceSize(int piece) {
        checkPiece(piece);
        long start = (long) piece * pieceLength;
        return (int) Math.min(pieceLength, totalLength() - start);
    }

    /** First piece holding a byte of the file (for an empty file, the piece where it would start). */
    public int firstPiece(int file) {
        return (int) Math.min(fileStarts[file] / pieceLength, Math.max(0, pieceCount - 1));
    }

    /** Last piece holding a byte of the file; less than {@link #firstPiece} for an empty file. */
    public int lastPiece(int file) {
        if (fileLengths[file] == 0) {
            return firstPiece(file) - 1;
        }
        return (int) ((fileStarts[file + 1] - 1) / pieceLength);
    }

    /**
     * The parts of files that hold {@code length} bytes at {@code offset} within the piece, in
     * order. Empty files hold no bytes and never appear.
     */
    public List<FileSlice> slices(int piece, int offset, int length) {
        int size = pieceSize(piece);
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("piece " + piece + " has " + size + " bytes; asked for "
                    + length + " at " + offset);
        }
        List<FileSlice> slices = new ArrayList<>(2);
        long position = (long) piece * pieceLength + offset;
        long end = position + length;
        int file = fileAt(position);
        while (position < end) {
            long fileEnd = fileStarts[file + 1];
            if (fileEnd > position) {
                int n = (int) (Math.min(end, fileEnd) - position);
                slices.add(new FileSlice(file, position - fileStarts[file], n));
                position += n;
            }
            file++;
        }
        return slices;
    }

    /** The file holding the byte at a torrent offset (the last of several starting there). */
    private int fileAt(long position) {
        int i = Arrays.binarySearch(fileStarts, 0, fileLengths.length, position);
        if (i < 0) {
            return -i - 2;
        }
        // Several (empty) files may start at the same offset: take the last, which holds the byte.
        while (i + 1 < fileLengths.length && fileStarts[i + 1] == position) {
            i++;
        }
        return i;
    }

    private void checkPiece(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
        }
    }
}

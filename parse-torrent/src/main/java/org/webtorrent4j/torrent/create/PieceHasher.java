package org.webtorrent4j.torrent.create;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SHA-1 of every piece of the files laid end to end, computed by a bounded pool of threads.
 *
 * <p>Each worker takes the next unhashed piece and reads it with positional reads into its own
 * reusable direct buffer of at most {@link #CHUNK} bytes, so memory stays at threads x chunk
 * whatever the piece length and file sizes, and no file is ever held whole. Each worker keeps
 * at most one file open at a time.
 */
final class PieceHasher {
    /** The read size: large enough for few system calls, small enough to stay in the CPU cache. */
    static final int CHUNK = 256 * 1024;
    static final int HASH_LENGTH = 20;

    private final List<SourceFile> files;
    private final long[] starts;
    private final long totalLength;
    private final int pieceLength;
    private final int pieceCount;
    private final byte[] hashes;
    private final AtomicInteger nextPiece = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private PieceHasher(List<SourceFile> files, int pieceLength) {
        this.files = files;
        this.starts = new long[files.size()];
        long offset = 0;
        for (int i = 0; i < files.size(); i++) {
            starts[i] = offset;
            offset += files.get(i).length();
        }
        this.totalLength = offset;
        this.pieceLength = pieceLength;
        this.pieceCount = pieceCount(offset, pieceLength);
        this.hashes = new byte[pieceCount * HASH_LENGTH];
    }

    static int pieceCount(long totalLength, int pieceLength) {
        long count = (totalLength + pieceLength - 1) / pieceLength;
        if (count > Integer.MAX_VALUE / HASH_LENGTH) {
            throw new TorrentCreateException(count + " pieces of " + pieceLength
                    + " bytes are too many; choose a larger piece length");
        }
        return (int) count;
    }

    /** The concatenated 20-byte SHA-1 hashes of all pieces, in order. */
    static byte[] hash(List<SourceFile> files, int pieceLength, int threads) throws IOException {
        return new PieceHasher(files, pieceLength).run(threads);
    }

    private byte[] run(int threads) throws IOException {
        int workers = Math.max(1, Math.min(threads, pieceCount));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "torrent-hasher");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                results.add(pool.submit(() -> {
                    work();
                    return null;
                }));
            }
            for (Future<Void> result : results) {
                result.get();
            }
            return hashes;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException("hashing failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } finally {
            stopped.set(true);
            pool.shutdownNow();
        }
    }

    private void work() throws IOException {
        MessageDigest sha1 = sha1();
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.min(pieceLength, CHUNK));
        OpenFile open = new OpenFile();
        try {
            int piece;
            while (!stopped.get() && (piece = nextPiece.getAndIncrement()) < pieceCount) {
                hashPiece(piece, sha1, buffer, open);
            }
        } catch (IOException | RuntimeException e) {
            stopped.set(true);
            throw e;
        } finally {
            open.close();
        }
    }

    private void hashPiece(int piece, MessageDigest sha1, ByteBuffer buffer, OpenFile open) throws IOException {
        long pos = (long) piece * pieceLength;
        long end = Math.min(pos + pieceLength, totalLength);
        for (int f = fileAt(pos); pos < end; f++) {
            SourceFile file = files.get(f);
            long offset = pos - starts[f];
            long length = Math.min(end - pos, file.length() - offset);
            if (length <= 0) {
                continue;
            }
            FileChannel channel = open.channel(f, file);
            for (long done = 0; done < length; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), length - done));
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer, offset + done + buffer.position()) < 0) {
                        throw new IOException(file.file() + " became shorter while hashing (listed with "
                                + file.length() + " bytes)");
                    }
                }
                done += buffer.flip().remaining();
                sha1.update(buffer);
            }
            pos += length;
        }
        System.arraycopy(sha1.digest(), 0, hashes, piece * HASH_LENGTH, HASH_LENGTH);
    }

    /** The index of the non-empty file holding byte {@code pos}: the last file starting at or before it. */
    private int fileAt(long pos) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    /** The one file a worker has open; switching files closes the previous one. */
    private static final class OpenFile {
        private int index = -1;
        private FileChannel channel;

        FileChannel channel(int fileIndex, SourceFile file) throws IOException {
            if (fileIndex != index) {
                close();
                channel = FileChannel.open(file.file(), StandardOpenOption.READ);
                index = fileIndex;
            }
            return channel;
        }

        void close() throws IOException {
            if (channel != null) {
                FileChannel c = channel;
                channel = null;
                index = -1;
                c.close();
            }
        }
    }
}

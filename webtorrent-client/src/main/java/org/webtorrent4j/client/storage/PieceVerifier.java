package org.webtorrent4j.client.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.webtorrent4j.torrent.PieceCheck;

/**
 * Checks pieces in storage against the torrent's hashes (v1 SHA-1 or v2 merkle roots) on a
 * caller-supplied bounded executor, off the network event loops. Each worker thread reuses one
 * buffer and one {@link PieceCheck}, so memory stays at one piece per worker.
 */
public final class PieceVerifier {
    private final Storage storage;
    private final Executor executor;
    private final ThreadLocal<ByteBuffer> buffers;
    private final ThreadLocal<PieceCheck> checks;

    /**
     * @param checks   makes a piece check of the torrent (e.g. {@code torrent::newPieceCheck})
     * @param executor a bounded pool (e.g. one thread per core)
     */
    public PieceVerifier(Storage storage, Supplier<PieceCheck> checks, Executor executor) {
        this.storage = storage;
        this.checks = ThreadLocal.withInitial(checks);
        this.executor = executor;
        int pieceLength = storage.layout().pieceLength();
        this.buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(pieceLength));
    }

    /** Completes with whether the stored bytes of the piece match its hash. */
    public CompletableFuture<Boolean> verify(int piece) {
        return CompletableFuture.supplyAsync(() -> matches(piece), executor);
    }

    /**
     * Re-checks every piece not in {@code trusted}, e.g. after a restart, and completes with all
     * verified pieces (trusted ones included). One task first finds the pieces that have stored
     * bytes at all; only those are read and hashed, so a download that starts from nothing
     * schedules no work per piece.
     */
    public CompletableFuture<BitSet> recheck(BitSet trusted) {
        return CompletableFuture.supplyAsync(() -> untrustedWithBytes(trusted), executor).thenCompose(candidates -> {
            BitSet verified = (BitSet) trusted.clone();
            CompletableFuture<?>[] checks = candidates.stream().mapToObj(piece -> verify(piece).thenAccept(ok -> {
                if (ok) {
                    synchronized (verified) {
                        verified.set(piece);
                    }
                }
            })).toArray(CompletableFuture<?>[]::new);
            return CompletableFuture.allOf(checks).thenApply(ignored -> {
                synchronized (verified) {
                    return (BitSet) verified.clone();
                }
            });
        });
    }

    private BitSet untrustedWithBytes(BitSet trusted) {
        int count = storage.layout().pieceCount();
        BitSet candidates = new BitSet(count);
        for (int piece = trusted.nextClearBit(0); piece < count; piece = trusted.nextClearBit(piece + 1)) {
            try {
                if (storage.holdsBytesOf(piece)) {
                    candidates.set(piece);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading piece " + piece, e);
            }
        }
        return candidates;
    }

    private boolean matches(int piece) {
        try {
            if (!storage.holdsBytesOf(piece)) {
                return false;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading piece " + piece, e);
        }
        ByteBuffer buffer = buffers.get().clear().limit(storage.layout().pieceSize(piece));
        try {
            storage.read(piece, 0, buffer);
        } catch (IOException e) {
            throw new UncheckedIOException("reading piece " + piece, e);
        }
        buffer.flip();
        return checks.get().begin(piece).update(buffer).matches();
    }
}

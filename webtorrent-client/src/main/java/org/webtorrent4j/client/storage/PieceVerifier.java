package org.webtorrent4j.client.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * Checks pieces in storage against their SHA-1 hashes (BitTorrent v1) on a caller-supplied
 * bounded executor, off the network event loops. Each worker thread reuses one buffer and one
 * digest, so memory stays at one piece per worker.
 */
public final class PieceVerifier {
    private final Storage storage;
    private final IntFunction<byte[]> expectedHash;
    private final Executor executor;
    private final ThreadLocal<ByteBuffer> buffers;
    private final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(PieceVerifier::sha1);

    /**
     * @param expectedHash the 20-byte SHA-1 of each piece, by index
     * @param executor     a bounded pool (e.g. one thread per core)
     */
    public PieceVerifier(Storage storage, IntFunction<byte[]> expectedHash, Executor executor) {
        this.storage = storage;
        this.expectedHash = expectedHash;
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
     * verified pieces (trusted ones included).
     */
    public CompletableFuture<BitSet> recheck(BitSet trusted) {
        int count = storage.layout().pieceCount();
        BitSet verified = (BitSet) trusted.clone();
        CompletableFuture<?>[] checks = new CompletableFuture<?>[count - trusted.cardinality()];
        int n = 0;
        for (int piece = trusted.nextClearBit(0); piece < count; piece = trusted.nextClearBit(piece + 1)) {
            int p = piece;
            checks[n++] = verify(p).thenAccept(ok -> {
                if (ok) {
                    synchronized (verified) {
                        verified.set(p);
                    }
                }
            });
        }
        return CompletableFuture.allOf(checks).thenApply(ignored -> {
            synchronized (verified) {
                return (BitSet) verified.clone();
            }
        });
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
        MessageDigest digest = digests.get();
        digest.update(buffer);
        return MessageDigest.isEqual(digest.digest(), expectedHash.apply(piece));
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }
}

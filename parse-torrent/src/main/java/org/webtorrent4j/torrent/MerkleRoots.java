package org.webtorrent4j.torrent;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * BEP 52 merkle arithmetic over SHA-256: the root of a file's piece layer, so that the
 * {@code piece layers} of a .torrent can be checked against the files' {@code pieces root}.
 * Leaves beyond the end of a file are zero; at the piece layer that makes each missing piece
 * the root of a subtree of zero block hashes.
 */
final class MerkleRoots {
    static final int BLOCK = 16 * 1024;

    private MerkleRoots() {}

    /** The root over a piece layer (32-byte hashes, one per piece) for pieces of {@code pieceLength} bytes. */
    static byte[] rootOfPieceLayer(byte[] layer, int pieceLength) {
        MessageDigest sha256 = sha256();
        byte[] padding = zeroSubtreeRoot(sha256, pieceLength / BLOCK);
        int count = layer.length / 32;
        byte[][] hashes = new byte[count][];
        for (int i = 0; i < count; i++) {
            hashes[i] = Arrays.copyOfRange(layer, i * 32, i * 32 + 32);
        }
        return root(sha256, hashes, count, widthFor(count), padding);
    }

    /** The root of a subtree of {@code leaves} zero block hashes: a piece-layer entry past a file's end. */
    static byte[] zeroSubtreeRoot(MessageDigest sha256, int leaves) {
        byte[] root = new byte[32];
        for (int n = leaves; n > 1; n >>= 1) {
            root = pair(sha256, root, root);
        }
        return root;
    }

    /** log2 of a power of two. */
    static int log2(long powerOfTwo) {
        return 63 - Long.numberOfLeadingZeros(powerOfTwo);
    }

    /** The smallest power of two that is at least {@code count} (and at least 1). */
    static int widthFor(int count) {
        return count <= 1 ? 1 : Integer.highestOneBit(count - 1) << 1;
    }

    /**
     * The root of a tree whose bottom layer is {@code hashes[0..count)} followed by
     * {@code padding} up to {@code width} (a power of two) entries.
     */
    static byte[] root(MessageDigest sha256, byte[][] hashes, int count, int width, byte[] padding) {
        byte[][] level = new byte[width][];
        for (int i = 0; i < width; i++) {
            level[i] = i < count ? hashes[i] : padding;
        }
        for (int n = width; n > 1; n >>= 1) {
            for (int i = 0; i < n / 2; i++) {
                level[i] = pair(sha256, level[2 * i], level[2 * i + 1]);
            }
        }
        return level[0];
    }

    static byte[] pair(MessageDigest sha256, byte[] left, byte[] right) {
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}

package org.webtorrent4j.torrent;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Fetching one file's piece layer by BEP 52 hash requests, free of any transport: the requests
 * to make (chunks of at most {@link #MAX_CHUNK} piece hashes, each with the uncle hashes up to the
 * pieces root, so each answer is checked on its own) and the check of each answer. Not
 * thread-safe.
 */
public final class PieceLayerDownload {
    /** Piece hashes per request: what BEP 52 recommends at most, and what libtorrent asks. */
    public static final int MAX_CHUNK = 512;

    private final TorrentFile file;
    private final FileMerkleShape shape;
    private final byte[] piecesRoot;
    private final byte[] layer;
    private final boolean[] received;
    private int missing;

    /** @param file a file longer than one piece of {@code pieceLength} bytes */
    public PieceLayerDownload(TorrentFile file, int pieceLength) {
        this.file = file;
        this.shape = FileMerkleShape.of(file.length(), pieceLength);
        this.piecesRoot = file.piecesRoot();
        this.layer = new byte[shape.pieceCount() * 32];
        this.received = new boolean[(shape.pieceCount() + chunkLength() - 1) / chunkLength()];
        this.missing = received.length;
    }

    public TorrentFile file() {
        return file;
    }

    /** Requests this download makes: one per chunk. */
    public int chunkCount() {
        return received.length;
    }

    /** The piece layer's number, the base layer of every request. */
    public int baseLayer() {
        return shape.pieceLayer();
    }

    /** Piece hashes asked per request (padding hashes past the file's end included). */
    public int chunkLength() {
        return Math.min(MAX_CHUNK, shape.pieceLayerWidth());
    }

    public int chunkIndex(int chunk) {
        return chunk * chunkLength();
    }

    /** Proof layers of every request: all up to the layer below the root, so answers prove themselves. */
    public int proofLayers() {
        return shape.rootLayer() - shape.pieceLayer() - 1;
    }

    public boolean hasChunk(int chunk) {
        return received[chunk];
    }

    /**
     * Takes the answer to the request of {@code chunk} if its hashes and uncles hash up to the
     * file's pieces root; returns false, keeping nothing, if they do not.
     */
    public boolean accept(int chunk, byte[] hashes) {
        int length = chunkLength();
        int uncles = FileMerkleShape.uncleCount(length, proofLayers());
        if (hashes.length != 32 * (length + uncles)) {
            return false;
        }
        MessageDigest sha256 = MerkleRoots.sha256();
        byte[][] level = new byte[length][];
        for (int i = 0; i < length; i++) {
            level[i] = Arrays.copyOfRange(hashes, 32 * i, 32 * i + 32);
        }
        byte[] node = MerkleRoots.root(sha256, level, length, length, null);
        int position = chunkIndex(chunk) / length;
        for (int u = 0; u < uncles; u++, position >>= 1) {
            byte[] uncle = Arrays.copyOfRange(hashes, 32 * (length + u), 32 * (length + u) + 32);
            node = (position & 1) == 0 ? MerkleRoots.pair(sha256, node, uncle) : MerkleRoots.pair(sha256, uncle, node);
        }
        if (!MessageDigest.isEqual(node, piecesRoot)) {
            return false;
        }
        int first = chunkIndex(chunk);
        int pieces = Math.min(length, shape.pieceCount() - first);
        System.arraycopy(hashes, 0, layer, 32 * first, 32 * pieces);
        if (!received[chunk]) {
            received[chunk] = true;
            missing--;
        }
        return true;
    }

    public boolean isComplete() {
        return missing == 0;
    }

    /** The verified piece layer, 32 bytes per piece. */
    public byte[] layer() {
        if (!isComplete()) {
            throw new IllegalStateException(missing + " chunks of the piece layer of '" + file.displayPath() + "' are missing");
        }
        return layer.clone();
    }
}

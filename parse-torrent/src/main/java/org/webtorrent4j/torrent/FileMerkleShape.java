package org.webtorrent4j.torrent;

/**
 * The shape of one file's BEP 52 merkle tree, and which hash requests fit it. Layers are counted
 * from the 16 KiB block hashes (layer 0) up to the pieces root (layer {@link #rootLayer}); the
 * piece layer is {@link #pieceLayer} and, padded to a power of two, {@link #pieceLayerWidth} wide.
 * Only files longer than a piece have a piece layer of their own in a .torrent.
 */
record FileMerkleShape(int pieceLayer, int rootLayer, int pieceCount) {

    static FileMerkleShape of(long fileLength, int pieceLength) {
        if (fileLength <= pieceLength) {
            throw new IllegalArgumentException("a file of one piece has no piece layer");
        }
        int pieceCount = (int) ((fileLength + pieceLength - 1) / pieceLength);
        int pieceLayer = MerkleRoots.log2(pieceLength / MerkleRoots.BLOCK);
        return new FileMerkleShape(pieceLayer, pieceLayer + MerkleRoots.log2(MerkleRoots.widthFor(pieceCount)), pieceCount);
    }

    int pieceLayerWidth() {
        return 1 << (rootLayer - pieceLayer);
    }

    /**
     * Whether a request names hashes at or above the piece layer inside this tree, as BEP 52
     * shapes them: a power-of-two length, an index that is a multiple of it, and proof layers
     * that stay below the root (which has no sibling).
     */
    boolean fits(int baseLayer, int index, int length, int proofLayers) {
        if (baseLayer < pieceLayer || baseLayer >= rootLayer || proofLayers < 0 || proofLayers >= rootLayer - baseLayer) {
            return false;
        }
        int width = pieceLayerWidth() >> (baseLayer - pieceLayer);
        return length > 0 && Integer.bitCount(length) == 1 && index >= 0 && index % length == 0 && length <= width - index;
    }

    /** Uncle hashes in an answer: BEP 52 leaves out the first log2(length) - 1 proof layers. */
    static int uncleCount(int length, int proofLayers) {
        return Math.max(0, proofLayers - MerkleRoots.log2(length) + 1);
    }
}

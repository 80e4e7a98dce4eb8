package org.webtorrent4j.torrent;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * The merkle tree of one file from its piece layer up to its pieces root, to answer BEP 52 hash
 * requests: the piece layer padded to a power of two with the roots of all-zero pieces, and every
 * layer above it. Immutable once built; building hashes each inner node once.
 */
public final class PieceLayerTree {
    private final FileMerkleShape shape;
    /** layers[0] is the padded piece layer, the last one holds the pieces root alone. */
    private final byte[][][] layers;

    private PieceLayerTree(FileMerkleShape shape, byte[][][] layers) {
        this.shape = shape;
        this.layers = layers;
    }

    /**
     * @param pieceLayer  the file's piece layer, 32 bytes per piece, already checked against its root
     * @param fileLength  bytes of the file, more than one piece
     */
    public static PieceLayerTree of(byte[] pieceLayer, long fileLength, int pieceLength) {
        FileMerkleShape shape = FileMerkleShape.of(fileLength, pieceLength);
        if (pieceLayer.length != shape.pieceCount() * 32) {
            throw new IllegalArgumentException("a piece layer of " + pieceLayer.length + " bytes for " + shape.pieceCount() + " pieces");
        }
        MessageDigest sha256 = MerkleRoots.sha256();
        byte[] padding = MerkleRoots.zeroSubtreeRoot(sha256, 1 << shape.pieceLayer());
        byte[][][] layers = new byte[shape.rootLayer() - shape.pieceLayer() + 1][][];
        layers[0] = new byte[shape.pieceLayerWidth()][];
        for (int i = 0; i < layers[0].length; i++) {
            layers[0][i] = i < shape.pieceCount() ? Arrays.copyOfRange(pieceLayer, i * 32, i * 32 + 32) : padding;
        }
        for (int l = 1; l < layers.length; l++) {
            byte[][] below = layers[l - 1];
            layers[l] = new byte[below.length / 2][];
            for (int i = 0; i < layers[l].length; i++) {
                layers[l][i] = MerkleRoots.pair(sha256, below[2 * i], below[2 * i + 1]);
            }
        }
        return new PieceLayerTree(shape, layers);
    }

    /** The pieces root the layer hashes to. */
    public byte[] root() {
        return layers[layers.length - 1][0].clone();
    }

    /**
     * The answer to a hash request: {@code length} hashes of layer {@code baseLayer} from
     * {@code index} on, then one uncle per proof layer BEP 52 does not leave out, bottom up; empty
     * when the request does not fit this tree or asks below the piece layer (not kept).
     */
    public Optional<byte[]> answer(int baseLayer, int index, int length, int proofLayers) {
        if (!shape.fits(baseLayer, index, length, proofLayers)) {
            return Optional.empty();
        }
        int uncles = FileMerkleShape.uncleCount(length, proofLayers);
        byte[] out = new byte[32 * (length + uncles)];
        byte[][] base = layers[baseLayer - shape.pieceLayer()];
        for (int i = 0; i < length; i++) {
            System.arraycopy(base[index + i], 0, out, 32 * i, 32);
        }
        int subtreeHeight = MerkleRoots.log2(length);
        for (int u = 0; u < uncles; u++) {
            int layer = baseLayer + subtreeHeight + u; // the uncle is the sibling of our ancestor here
            int ancestor = index >> (subtreeHeight + u);
            System.arraycopy(layers[layer - shape.pieceLayer()][ancestor ^ 1], 0, out, 32 * (length + u), 32);
        }
        return Optional.of(out);
    }
}

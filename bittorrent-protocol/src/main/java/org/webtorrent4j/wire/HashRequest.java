package org.webtorrent4j.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A BEP 52 hash request, also the header of its answer ({@code hashes}) or refusal ({@code hash
 * reject}): {@code length} hashes of layer {@code baseLayer} (0 = the 16 KiB blocks) of the merkle
 * tree of the file whose root is {@code piecesRoot}, from {@code index} on, with the uncle hashes
 * that prove them for {@code proofLayers} layers above the base layer.
 *
 * @param piecesRoot  32 bytes, the file's {@code pieces root}
 * @param baseLayer   layers above the leaves
 * @param index       first hash of the base layer
 * @param length      number of base-layer hashes
 * @param proofLayers ancestor layers of the base layer the proof covers
 */
public record HashRequest(byte[] piecesRoot, int baseLayer, int index, int length, int proofLayers) {
    /** Bytes after the message id: the root and four integers. */
    public static final int BODY_LENGTH = 32 + 16;
    /** More layers than any file can have (2^63 bytes are 2^49 blocks), so a bound on layer numbers. */
    public static final int MAX_LAYERS = 64;

    public HashRequest {
        if (piecesRoot == null || piecesRoot.length != 32) {
            throw new IllegalArgumentException("piecesRoot must be 32 bytes");
        }
        piecesRoot = piecesRoot.clone();
    }

    /**
     * How many uncle hashes follow the base-layer hashes in the answer. BEP 52 omits the proof
     * layers the base hashes already cover (the first log2(length) - 1) but still counts them.
     */
    public int uncleCount() {
        int subtreeHeight = 32 - Integer.numberOfLeadingZeros(length - 1); // ceil(log2(length))
        return Math.max(0, proofLayers - subtreeHeight + 1);
    }

    @Override
    public byte[] piecesRoot() {
        return piecesRoot.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashRequest r && Arrays.equals(piecesRoot, r.piecesRoot) && baseLayer == r.baseLayer
                && index == r.index && length == r.length && proofLayers == r.proofLayers;
    }

    @Override
    public int hashCode() {
        return (((Arrays.hashCode(piecesRoot) * 31 + baseLayer) * 31 + index) * 31 + length) * 31 + proofLayers;
    }

    @Override
    public String toString() {
        return "HashRequest[root=" + HexFormat.of().formatHex(piecesRoot) + ", base=" + baseLayer + ", index=" + index
                + ", length=" + length + ", proofLayers=" + proofLayers + "]";
    }
}

package org.webtorrent4j.torrent;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks a piece's bytes against the torrent's hash of it, whichever the scheme: SHA-1 of the
 * piece (v1 and hybrid torrents), or for v2-only torrents (BEP 52) the root of the SHA-256 merkle
 * tree over the piece's 16 KiB blocks of file data, with zero leaves past the file's end.
 *
 * <p>Feed a piece in order: {@link #begin}, {@link #update} as many times as there are buffers,
 * {@link #matches}. Padding bytes that follow a file in its last piece may be fed too; a v2 check
 * ignores them. Not thread-safe: keep one per thread (it reuses its digest and leaf table).
 */
public final class PieceCheck {
    private final Torrent torrent;
    private final MessageDigest digest;
    private final boolean merkle;
    /** v2: the data files, sorted by offset, and their offsets for a binary search. */
    private final List<TorrentFile> dataFiles;
    private final long[] dataOffsets;
    private final byte[][] leaves;
    private final byte[] zeroLeaf = new byte[32];

    private int piece = -1;
    private long dataLeft;
    private int leafFill;
    private int leafCount;
    private int width;

    PieceCheck(Torrent torrent) {
        this.torrent = torrent;
        this.merkle = torrent.infoHashV1().isEmpty();
        this.digest = merkle ? MerkleRoots.sha256() : sha1();
        this.dataFiles = merkle ? torrent.userFiles().stream().filter(f -> f.length() > 0).toList() : List.of();
        this.dataOffsets = dataFiles.stream().mapToLong(TorrentFile::offset).toArray();
        this.leaves = merkle ? new byte[Math.max(1, torrent.pieceLength() / MerkleRoots.BLOCK)][] : null;
    }

    /** Starts checking {@code piece}; whatever was fed before is forgotten. */
    public PieceCheck begin(int piece) {
        if (piece < 0 || piece >= torrent.pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + piece + " of " + torrent.pieceCount());
        }
        this.piece = piece;
        digest.reset();
        if (merkle) {
            long start = (long) piece * torrent.pieceLength();
            int i = java.util.Arrays.binarySearch(dataOffsets, start);
            TorrentFile file = dataFiles.get(i >= 0 ? i : -i - 2);
            dataLeft = Math.min(torrent.pieceLength(), file.offset() + file.length() - start);
            long fileBlocks = (file.length() + MerkleRoots.BLOCK - 1) / MerkleRoots.BLOCK;
            // A file longer than a piece is checked against its piece layer: subtrees of a whole
            // piece's blocks. A shorter one against its pieces root: the tree over its own blocks.
            width = file.length() > torrent.pieceLength() ? leaves.length : MerkleRoots.widthFor((int) fileBlocks);
            leafFill = 0;
            leafCount = 0;
        }
        return this;
    }

    /** Feeds the piece's next bytes: all of {@code data}'s remaining ones (its position moves to its limit). */
    public PieceCheck update(ByteBuffer data) {
        if (piece < 0) {
            throw new IllegalStateException("begin(piece) first");
        }
        if (!merkle) {
            digest.update(data);
            return this;
        }
        while (data.hasRemaining() && dataLeft > 0) {
            int n = (int) Math.min(Math.min(data.remaining(), MerkleRoots.BLOCK - leafFill), dataLeft);
            int limit = data.limit();
            digest.update(data.limit(data.position() + n));
            data.limit(limit);
            leafFill += n;
            dataLeft -= n;
            if (leafFill == MerkleRoots.BLOCK) {
                addLeaf();
            }
        }
        data.position(data.limit()); // padding after the file's data is not hashed
        return this;
    }

    /** Whether the bytes fed since {@link #begin} are the piece the torrent describes. */
    public boolean matches() {
        if (piece < 0) {
            throw new IllegalStateException("begin(piece) first");
        }
        byte[] expected = torrent.pieceHash(piece);
        piece = -1;
        if (!merkle) {
            return MessageDigest.isEqual(digest.digest(), expected);
        }
        if (leafFill > 0) {
            addLeaf();
        }
        if (dataLeft > 0 || leafCount == 0) {
            return false; // fewer bytes than the piece holds
        }
        return MessageDigest.isEqual(MerkleRoots.root(digest, leaves, leafCount, width, zeroLeaf), expected);
    }

    private void addLeaf() {
        leaves[leafCount++] = digest.digest();
        leafFill = 0;
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by the Java platform", e);
        }
    }
}

package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * BEP 52 hash requests answered from a piece layer ({@link PieceLayerTree}) and answers checked
 * against the pieces root ({@link PieceLayerDownload}), on libtorrent's fixtures and on a file of
 * more pieces than one request carries.
 */
class PieceLayerProofsTest {
    private static final int PIECE = 32 * 1024;

    @Test
    void treesOfLibtorrentsLayersHashToTheirRootsPaddingIncluded() {
        for (String name : List.of("v2hash.torrent", "v2hash-single.torrent", "v2only.torrent")) {
            Torrent t = Torrent.parse(TestTorrents.resource(name));
            for (TorrentFile f : t.userFiles()) {
                if (f.length() <= t.pieceLength()) continue;
                byte[] layer = t.pieceLayer(f.piecesRoot()).orElseThrow();
                assertArrayEquals(f.piecesRoot(), PieceLayerTree.of(layer, f.length(), t.pieceLength()).root(), name + " " + f);
            }
        }
    }

    @Test
    void answersCarryTheBaseHashesThenTheUnclesBottomUp() {
        Torrent t = Torrent.parse(TestTorrents.resource("v2hash.torrent"));
        TorrentFile a = file(t, "a.bin"); // 4 pieces of 2 blocks: piece layer 1, root layer 3
        byte[] layer = t.pieceLayer(a.piecesRoot()).orElseThrow();
        PieceLayerTree tree = PieceLayerTree.of(layer, a.length(), PIECE);
        byte[][] p = new byte[4][];
        for (int i = 0; i < 4; i++) p[i] = Arrays.copyOfRange(layer, 32 * i, 32 * i + 32);
        byte[] left = pair(p[0], p[1]);
        byte[] right = pair(p[2], p[3]);

        assertArrayEquals(concat(p[2], p[3], left), tree.answer(1, 2, 2, 1).orElseThrow());
        // One hash: its sibling and the sibling of its parent (BEP 52 omits no layer here).
        assertArrayEquals(concat(p[0], p[1], right), tree.answer(1, 0, 1, 1).orElseThrow());
        assertArrayEquals(concat(p[0], p[1], p[2], p[3]), tree.answer(1, 0, 4, 1).orElseThrow());
        assertArrayEquals(concat(left, right), tree.answer(2, 0, 2, 0).orElseThrow());
    }

    @Test
    void requestsOutsideTheTreeOrBelowThePieceLayerAreNotAnswered() {
        Torrent t = Torrent.parse(TestTorrents.resource("v2hash.torrent"));
        TorrentFile a = file(t, "a.bin");
        PieceLayerTree tree = PieceLayerTree.of(t.pieceLayer(a.piecesRoot()).orElseThrow(), a.length(), PIECE);
        assertTrue(tree.answer(0, 0, 2, 0).isEmpty(), "block hashes are not kept");
        assertTrue(tree.answer(1, 0, 2, 2).isEmpty(), "the root has no sibling");
        assertTrue(tree.answer(1, 1, 2, 0).isEmpty(), "index not a multiple of the length");
        assertTrue(tree.answer(1, 0, 3, 0).isEmpty(), "length not a power of two");
        assertTrue(tree.answer(1, 4, 2, 0).isEmpty(), "past the layer's end");
        assertTrue(tree.answer(3, 0, 1, 0).isEmpty(), "the root layer is no base layer");
    }

    @Test
    void aMagnetsMetadataGetsItsLayersFromAnswersToItsOwnRequests() {
        for (String name : List.of("v2hash.torrent", "v2hash-single.torrent", "v2only.torrent")) {
            Torrent full = Torrent.parse(TestTorrents.resource(name));
            Torrent fromMagnet = Torrent.parse(full.toMagnetUri().toString()).withMetadata(full.rawInfo());
            assertFalse(fromMagnet.hasPieceHashes(), name);
            for (TorrentFile f : fromMagnet.filesWithoutPieceLayer()) {
                PieceLayerTree seeder = PieceLayerTree.of(full.pieceLayer(f.piecesRoot()).orElseThrow(), f.length(), full.pieceLength());
                PieceLayerDownload d = new PieceLayerDownload(f, full.pieceLength());
                for (int c = 0; c < d.chunkCount(); c++) {
                    assertTrue(d.accept(c, seeder.answer(d.baseLayer(), d.chunkIndex(c), d.chunkLength(), d.proofLayers()).orElseThrow()));
                }
                fromMagnet = fromMagnet.withPieceLayer(f.piecesRoot(), d.layer());
            }
            assertTrue(fromMagnet.hasPieceHashes(), name);
            assertTrue(fromMagnet.filesWithoutPieceLayer().isEmpty(), name);
            for (int piece = 0; piece < full.pieceCount(); piece++) {
                if (isPaddingOnly(full, piece)) continue;
                assertArrayEquals(full.pieceHash(piece), fromMagnet.pieceHash(piece), name + " piece " + piece);
            }
        }
    }

    @Test
    void aLayerOfManyChunksIsFetchedChunkByChunkAndEachIsProvenAlone() {
        int pieces = 1000; // two requests of 512, the second half padding past the end
        byte[] layer = new byte[pieces * 32];
        new Random(52).nextBytes(layer);
        long length = (long) pieces * PIECE - 5;
        TorrentFile file = new TorrentFile(List.of("big"), length, 0, false, MerkleRoots.rootOfPieceLayer(layer, PIECE));
        PieceLayerTree seeder = PieceLayerTree.of(layer, length, PIECE);
        PieceLayerDownload d = new PieceLayerDownload(file, PIECE);
        assertEquals(2, d.chunkCount());
        assertEquals(512, d.chunkLength());
        assertEquals(9, d.proofLayers()); // 1024 wide: one uncle, the other half's root
        byte[] second = seeder.answer(d.baseLayer(), d.chunkIndex(1), 512, d.proofLayers()).orElseThrow();
        assertEquals(32 * 513, second.length);
        assertFalse(d.accept(0, second), "an answer is proven for its own place only");
        assertTrue(d.accept(1, second));
        assertFalse(d.isComplete());
        assertThrows(IllegalStateException.class, d::layer);

        byte[] first = seeder.answer(d.baseLayer(), 0, 512, d.proofLayers()).orElseThrow();
        byte[] badUncle = first.clone();
        badUncle[badUncle.length - 1] ^= 1;
        byte[] badHash = first.clone();
        badHash[7] ^= 1;
        assertFalse(d.accept(0, badUncle));
        assertFalse(d.accept(0, badHash));
        assertFalse(d.accept(0, Arrays.copyOf(first, first.length - 32)));
        assertTrue(d.accept(0, first));
        assertArrayEquals(layer, d.layer());
    }

    @Test
    void aLayerThatDoesNotHashToTheRootIsRefused() {
        Torrent full = Torrent.parse(TestTorrents.resource("v2hash.torrent"));
        Torrent bare = Torrent.parse(full.toMagnetUri().toString()).withMetadata(full.rawInfo());
        TorrentFile a = file(full, "a.bin");
        byte[] layer = full.pieceLayer(a.piecesRoot()).orElseThrow();
        layer[0] ^= 1;
        assertThrows(InvalidTorrentException.class, () -> bare.withPieceLayer(a.piecesRoot(), layer));
        assertThrows(InvalidTorrentException.class, () -> bare.withPieceLayer(new byte[32], new byte[4 * 32]));
    }

    private static boolean isPaddingOnly(Torrent t, int piece) {
        long start = (long) piece * t.pieceLength();
        return t.userFiles().stream().noneMatch(f -> f.length() > 0 && f.offset() <= start && start < f.offset() + f.length());
    }

    private static TorrentFile file(Torrent t, String name) {
        return t.userFiles().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    private static byte[] pair(byte[] left, byte[] right) {
        MessageDigest sha256 = MerkleRoots.sha256();
        sha256.update(left);
        return sha256.digest(right);
    }

    private static byte[] concat(byte[]... hashes) {
        byte[] out = new byte[32 * hashes.length];
        for (int i = 0; i < hashes.length; i++) System.arraycopy(hashes[i], 0, out, 32 * i, 32);
        return out;
    }
}

package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.TorrentCreator;

/**
 * Piece checks against hashes libtorrent computed: v2-only torrents made by python3-libtorrent
 * 2.0 from {@link #content} (src/test/interop/make-v2-torrents.py), whose 32 KiB pieces cover a
 * file of several pieces with a short last one, files smaller than a piece (5 B, one and two
 * blocks) and a file of exactly one piece; and a v1 torrent of our own creator.
 */
class PieceCheckTest {

    /** The bytes of a fixture file: the same generator wrote the files libtorrent hashed. */
    static byte[] content(String path, int length) {
        byte[] b = new byte[length];
        new Random(path.hashCode()).nextBytes(b);
        return b;
    }

    @Test
    void everyPieceOfV2OnlyTorrentsMatchesWhateverTheBuffers() {
        for (String name : new String[] {"v2hash.torrent", "v2hash-single.torrent"}) {
            Torrent t = Torrent.parse(TestTorrents.resource(name));
            assertTrue(t.infoHashV1().isEmpty() && t.hasPieceHashes(), name);
            byte[] data = laidOut(t);
            PieceCheck check = t.newPieceCheck();
            for (int piece = 0; piece < t.pieceCount(); piece++) {
                assertTrue(check.begin(piece).update(piece(t, data, piece)).matches(), name + " piece " + piece);
                check.begin(piece);
                ByteBuffer bytes = piece(t, data, piece);
                for (int at = 0; at < bytes.limit(); at += 1000) {
                    check.update(bytes.slice(at, Math.min(1000, bytes.limit() - at)));
                }
                assertTrue(check.matches(), name + " piece " + piece + " fed in 1000-byte buffers");
            }
        }
    }

    @Test
    void aChangedByteFailsAndPaddingIsNotHashed() {
        Torrent t = Torrent.parse(TestTorrents.resource("v2hash.torrent"));
        byte[] data = laidOut(t);
        PieceCheck check = t.newPieceCheck();
        for (int piece = 0; piece < t.pieceCount(); piece++) {
            long start = (long) piece * t.pieceLength();
            TorrentFile file = t.userFiles().stream()
                    .filter(f -> f.length() > 0 && f.offset() <= start && start < f.offset() + f.length())
                    .findFirst().orElseThrow();
            int fileBytes = (int) Math.min(t.pieceLength(), file.offset() + file.length() - start);
            for (int at : new int[] {0, fileBytes / 2, fileBytes - 1}) {
                byte[] changed = data.clone();
                changed[(int) start + at] ^= 1;
                assertFalse(check.begin(piece).update(piece(t, changed, piece)).matches(), "piece " + piece + " byte " + at);
            }
            if (fileBytes < pieceSize(t, piece)) {
                byte[] padded = data.clone();
                padded[(int) start + fileBytes] = 7;
                assertTrue(check.begin(piece).update(piece(t, padded, piece)).matches(), "padding of piece " + piece);
            }
            ByteBuffer shortPiece = piece(t, data, piece);
            assertFalse(check.begin(piece).update(shortPiece.limit(fileBytes - 1)).matches(), "short piece " + piece);
        }
    }

    @Test
    void v1PiecesAreCheckedWithSha1(@TempDir Path dir) throws Exception {
        byte[] data = content("v1.bin", 100_000);
        Files.write(dir.resolve("v1.bin"), data);
        Torrent t = Torrent.parse(TorrentCreator.create(dir.resolve("v1.bin"),
                CreateOptions.builder().pieceLength(32768).build()).torrentBytes());
        PieceCheck check = t.newPieceCheck();
        for (int piece = 0; piece < t.pieceCount(); piece++) {
            assertTrue(check.begin(piece).update(piece(t, data, piece)).matches(), "piece " + piece);
        }
        data[40_000] ^= 1;
        assertFalse(check.begin(1).update(piece(t, data, 1)).matches());
    }

    @Test
    void misuseIsRefused() {
        Torrent t = Torrent.parse(TestTorrents.resource("v2hash.torrent"));
        PieceCheck check = t.newPieceCheck();
        assertThrows(IllegalStateException.class, check::matches);
        assertThrows(IndexOutOfBoundsException.class, () -> check.begin(t.pieceCount()));
        assertThrows(IllegalStateException.class, () -> Torrent.parse("magnet:?xt=urn:btih:"
                + "c9e15763f722f23e98a29decdfae341b98d53056").newPieceCheck());
    }

    @Test
    void v2OnlyTorrentsAreKnownByTheirTruncatedHash() {
        Torrent t = Torrent.parse(TestTorrents.resource("v2hash.torrent"));
        assertArrayEquals(Arrays.copyOf(t.infoHashV2().orElseThrow().bytes(), 20), t.swarmInfoHash());
        Torrent hybrid = Torrent.parse(TestTorrents.resource("hybrid.torrent"));
        assertArrayEquals(hybrid.infoHashV1().orElseThrow().bytes(), hybrid.swarmInfoHash());
    }

    /** The torrent's bytes end to end: each file's content, zeros for padding. */
    private static byte[] laidOut(Torrent t) {
        byte[] all = new byte[(int) t.length()];
        for (TorrentFile f : t.userFiles()) {
            byte[] c = content(f.displayPath(), (int) f.length());
            System.arraycopy(c, 0, all, (int) f.offset(), c.length);
        }
        return all;
    }

    private static int pieceSize(Torrent t, int piece) {
        return piece == t.pieceCount() - 1 ? t.lastPieceLength() : t.pieceLength();
    }

    private static ByteBuffer piece(Torrent t, byte[] data, int piece) {
        return ByteBuffer.wrap(data, piece * t.pieceLength(), pieceSize(t, piece)).slice();
    }
}

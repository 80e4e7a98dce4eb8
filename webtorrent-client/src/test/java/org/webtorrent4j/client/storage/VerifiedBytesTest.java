package org.webtorrent4j.client.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.TorrentCreator;

/**
 * A piece counts as verified only when all its bytes are stored, and a verified piece's bytes are
 * never replaced by zeros.
 */
class VerifiedBytesTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /**
     * A piece shared by a file on disk and a missing file whose bytes there are zeros: the check
     * hashes zeros for the missing file, they match, and the piece counts as stored though b.bin
     * was never written. The torrent would report done without the file, and the first upload of
     * the piece fails (readVerified: "gone since piece 1 was verified").
     */
    @Test
    void aPieceIsNotVerifiedWhileOneOfItsFilesIsMissing() throws Exception {
        byte[] a = new byte[PIECE + 3000];
        new Random(1).nextBytes(a);
        byte[] b = new byte[PIECE - 3000]; // zeros, as many real files are at the end of a piece
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.write(source.resolve("a.bin"), a);
        Files.write(source.resolve("b.bin"), b);
        Torrent torrent = torrentOf(source);
        Path download = Files.createDirectories(dir.resolve("download"));
        Files.write(download.resolve("a.bin"), a); // a.bin already there, b.bin not
        List<StoredFile> files = List.of(new StoredFile(List.of("a.bin"), a.length, false),
                new StoredFile(List.of("b.bin"), b.length, false));
        try (FileStorage storage = new FileStorage(download, files, PIECE, download.resolve(".parts"))) {
            BitSet verified = new PieceVerifier(storage, torrent::newPieceCheck, pool).recheck(new BitSet())
                    .get(30, TimeUnit.SECONDS);
            assertTrue(verified.get(0));
            assertFalse(Files.exists(download.resolve("b.bin")));
            assertFalse(verified.get(1), "piece 1 counted verified though b.bin does not exist");
        }
    }

    /**
     * A file cut short (by another program, or by a crash that kept the data but not the size)
     * whose missing tail is zeros: the check counts the last piece verified, and the torrent
     * completes with a file shorter than the torrent says.
     */
    @Test
    void aPieceIsNotVerifiedWhileItsFileEndsBeforeIt() throws Exception {
        byte[] data = new byte[2 * PIECE];
        new Random(2).nextBytes(data);
        java.util.Arrays.fill(data, PIECE + PIECE / 2, data.length, (byte) 0);
        Path source = Files.write(dir.resolve("data.bin"), data);
        Torrent torrent = torrentOf(source);
        Path download = Files.createDirectories(dir.resolve("download"));
        Files.write(download.resolve("data.bin"), java.util.Arrays.copyOf(data, PIECE + PIECE / 2));
        List<StoredFile> files = List.of(new StoredFile(List.of("data.bin"), data.length, false));
        try (FileStorage storage = new FileStorage(download, files, PIECE, download.resolve(".parts"))) {
            BitSet verified = new PieceVerifier(storage, torrent::newPieceCheck, pool).recheck(new BitSet())
                    .get(30, TimeUnit.SECONDS);
            assertTrue(verified.get(0));
            assertFalse(verified.get(1), "piece 1 counted verified though data.bin ends half way through it ("
                    + Files.size(download.resolve("data.bin")) + " of " + data.length + " bytes)");
        }
    }

    /**
     * A file that becomes wanted is filled from the part file beside its place and renamed into
     * it. A crash half way leaves that filling behind, not a short file: the next start fills it
     * again, and no verified piece is lost.
     */
    @Test
    void aMoveOutOfThePartFileCutShortByACrashLosesNoVerifiedPiece() throws Exception {
        byte[] data = new byte[3 * PIECE];
        new Random(7).nextBytes(data);
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.write(source.resolve("a.bin"), java.util.Arrays.copyOfRange(data, 0, PIECE));
        Files.write(source.resolve("b.bin"), java.util.Arrays.copyOfRange(data, PIECE, 3 * PIECE));
        Torrent torrent = torrentOf(source);
        Path download = Files.createDirectories(dir.resolve("download"));
        Path partFile = download.resolve(".parts");
        List<StoredFile> files = List.of(new StoredFile(List.of("a.bin"), PIECE, false),
                new StoredFile(List.of("b.bin"), 2 * PIECE, false));
        try (FileStorage storage = new FileStorage(download, files, PIECE, partFile)) {
            storage.setWanted(1, false);
            for (int p = 0; p < 3; p++) {
                storage.write(p, 0, java.nio.ByteBuffer.wrap(data, p * PIECE, PIECE));
            }
        }
        // b.bin became wanted and its filling began: half of it written, then the crash.
        Files.write(download.resolve("b.bin.webtorrent4j-filling"), java.util.Arrays.copyOfRange(data, PIECE, 2 * PIECE));
        try (FileStorage storage = new FileStorage(download, files, PIECE, partFile)) {
            storage.placeWantedFiles();
            BitSet verified = new PieceVerifier(storage, torrent::newPieceCheck, pool).recheck(new BitSet())
                    .get(30, TimeUnit.SECONDS);
            BitSet all = new BitSet();
            all.set(0, 3);
            assertEquals(all, verified, "piece 2 is still whole in the part file");
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(data, PIECE, 3 * PIECE), Files.readAllBytes(download.resolve("b.bin")));
        assertFalse(Files.exists(download.resolve("b.bin.webtorrent4j-filling")));
    }

    /**
     * A file deleted while seeding, before this session opened it: a verified read of its piece
     * falls back to the part file, which holds another (unwanted) file's bytes further on, and
     * returns the part file's hole as the piece's data instead of failing.
     */
    @Test
    void aVerifiedReadOfADeletedFileNeverReturnsThePartFilesHoles() throws Exception {
        byte[] piece0 = new byte[PIECE];
        byte[] piece1 = new byte[PIECE];
        new Random(3).nextBytes(piece0);
        new Random(4).nextBytes(piece1);
        Path download = Files.createDirectories(dir.resolve("download"));
        Path partFile = download.resolve(".parts");
        List<StoredFile> files = List.of(new StoredFile(List.of("a.bin"), PIECE, false),
                new StoredFile(List.of("b.bin"), PIECE, false));
        try (FileStorage storage = new FileStorage(download, files, PIECE, partFile)) {
            storage.setWanted(1, false);
            storage.write(0, 0, ByteBuffer.wrap(piece0));
            storage.write(1, 0, ByteBuffer.wrap(piece1)); // to the part file, at offset PIECE
            storage.flush();
        }
        assertFalse(Files.exists(download.resolve("b.bin")));
        assertTrue(Files.size(partFile) > PIECE, "the part file reaches past a.bin's range");
        Files.delete(download.resolve("a.bin")); // the user deletes a.bin; piece 0 was verified
        try (FileStorage storage = new FileStorage(download, files, PIECE, partFile)) {
            storage.setWanted(1, false);
            ByteBuffer target = ByteBuffer.allocate(PIECE);
            IOException e = assertThrows(IOException.class, () -> storage.readVerified(0, 0, target),
                    "a.bin is gone, yet piece 0 read as " + (isZeros(target) ? "zeros" : "data"));
            assertTrue(e.getMessage().contains("a.bin"), e.getMessage());
        }
    }

    private static boolean isZeros(ByteBuffer b) {
        for (int i = 0; i < b.capacity(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }


    private static Torrent torrentOf(Path source) throws Exception {
        return Torrent.parse(TorrentCreator.create(source, CreateOptions.builder().pieceLength(PIECE).build())
                .torrentBytes());
    }
}

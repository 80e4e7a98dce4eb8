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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {
    @TempDir
    Path dir;

    private static final List<StoredFile> FILES = List.of(
            new StoredFile(List.of("t", "a.bin"), 10, false),
            new StoredFile(List.of("t", ".pad", "6"), 6, true),
            new StoredFile(List.of("t", "sub", "b.bin"), 20, false),
            new StoredFile(List.of("t", "empty"), 0, false));

    private static byte[] content() {
        byte[] data = new byte[36];
        new Random(1).nextBytes(data);
        Arrays.fill(data, 10, 16, (byte) 0); // the padding file's bytes
        return data;
    }

    private static void writeAll(Storage storage, byte[] data) throws IOException {
        int pl = storage.layout().pieceLength();
        for (int p = 0; p < storage.layout().pieceCount(); p++) {
            storage.write(p, 0, ByteBuffer.wrap(data, p * pl, storage.layout().pieceSize(p)));
        }
    }

    private static byte[] readAll(Storage storage) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) storage.layout().totalLength());
        for (int p = 0; p < storage.layout().pieceCount(); p++) {
            storage.read(p, 0, all.slice(all.position(), storage.layout().pieceSize(p)));
            all.position(all.position() + storage.layout().pieceSize(p));
        }
        return all.array();
    }

    @Test
    void aFailedWriteNamesThePieceAndTheFile() throws IOException {
        Path devFull = Path.of("/dev/full"); // every write fails with ENOSPC: a full disk
        Assumptions.assumeTrue(Files.isWritable(devFull), "no /dev/full here");
        Files.createDirectories(dir.resolve("t/sub"));
        Files.createSymbolicLink(dir.resolve("t/sub/b.bin"), devFull);
        try (FileStorage storage = new FileStorage(dir, FILES, 16, dir.resolve(".parts"))) {
            storage.write(0, 0, ByteBuffer.wrap(content(), 0, 16)); // a.bin and padding: fine
            IOException e = assertThrows(IOException.class, () -> storage.write(1, 0, ByteBuffer.wrap(content(), 16, 16)));
            assertEquals("cannot write piece 1 of " + dir.resolve("t/sub/b.bin") + ": No space left on device", e.getMessage());
        }
    }

    @Test
    void aVerifiedPieceCutShortOrDeletedSinceIsAnErrorNotZeros() throws IOException {
        byte[] data = content();
        try (FileStorage storage = new FileStorage(dir, FILES, 16, dir.resolve(".parts"))) {
            writeAll(storage, data);
            storage.flush();
        }
        try (java.nio.channels.FileChannel b = java.nio.channels.FileChannel.open(dir.resolve("t/sub/b.bin"),
                java.nio.file.StandardOpenOption.WRITE)) {
            b.truncate(5);
        }
        Files.delete(dir.resolve("t/a.bin"));
        try (FileStorage storage = new FileStorage(dir, FILES, 16, dir.resolve(".parts"))) {
            ByteBuffer piece = ByteBuffer.allocate(16);
            storage.read(1, 0, piece); // while downloading, bytes past the end read as zeros
            assertEquals(0, piece.get(15));
            IOException cut = assertThrows(IOException.class, () -> storage.readVerified(1, 0, ByteBuffer.allocate(16)));
            assertEquals(dir.resolve("t/sub/b.bin") + " ends at byte 5, before piece 1: cut short since it was verified",
                    cut.getMessage());
            IOException gone = assertThrows(IOException.class, () -> storage.readVerified(0, 0, ByteBuffer.allocate(16)));
            assertTrue(gone.getMessage().startsWith(dir.resolve("t/a.bin").toString()), gone.getMessage());
            ByteBuffer tail = ByteBuffer.allocate(5);
            storage.readVerified(1, 0, tail); // bytes still there read as before
            assertArrayEquals(Arrays.copyOfRange(data, 16, 21), tail.array());
        }
    }

    @Test
    void writesPiecesAcrossFilesAndNeverCreatesPaddingFiles() throws IOException {
        byte[] data = content();
        try (FileStorage storage = new FileStorage(dir, FILES, 16, dir.resolve(".parts"))) {
            writeAll(storage, data);
            storage.placeWantedFiles();
            storage.flush();
            assertArrayEquals(data, readAll(storage));
        }
        assertArrayEquals(Arrays.copyOfRange(data, 0, 10), Files.readAllBytes(dir.resolve("t/a.bin")));
        assertArrayEquals(Arrays.copyOfRange(data, 16, 36), Files.readAllBytes(dir.resolve("t/sub/b.bin")));
        assertEquals(0, Files.size(dir.resolve("t/empty")));
        assertFalse(Files.exists(dir.resolve("t/.pad")));
        assertFalse(Files.exists(dir.resolve(".parts")));
    }

    @Test
    void unwrittenBytesReadAsZeros() throws IOException {
        try (FileStorage storage = new FileStorage(dir, FILES, 16, dir.resolve(".parts"))) {
            ByteBuffer b = ByteBuffer.allocate(16);
            storage.read(1, 0, b);
            assertArrayEquals(new byte[16], b.array());
        }
    }

    @Test
    void bytesOfUnwantedFilesGoToThePartFileAndMoveWhenWanted() throws IOException {
        byte[] data = content();
        Path parts = dir.resolve(".parts");
        try (FileStorage storage = new FileStorage(dir, FILES, 16, parts)) {
            storage.setWanted(0, false);
            writeAll(storage, data);
            assertFalse(Files.exists(dir.resolve("t/a.bin")), "unwanted file must not be created");
            assertTrue(Files.exists(parts));
            assertArrayEquals(data, readAll(storage), "bytes of unwanted files stay readable for verification");
        }
        try (FileStorage storage = new FileStorage(dir, FILES, 16, parts)) {
            storage.setWanted(0, true);
            storage.write(2, 0, ByteBuffer.wrap(data, 32, 4)); // any write opens wanted files on demand
            storage.write(0, 0, ByteBuffer.wrap(data, 0, 1));
            assertArrayEquals(Arrays.copyOfRange(data, 0, 10), Files.readAllBytes(dir.resolve("t/a.bin")));
            assertArrayEquals(data, readAll(storage));
        }
    }

    @Test
    void aPieceStoredWhileItsFileWasUnwantedSurvivesTheFileBecomingWanted() throws IOException {
        List<StoredFile> one = List.of(new StoredFile(List.of("b.bin"), 4 * 16, false));
        byte[] data = new byte[4 * 16];
        new Random(2).nextBytes(data);
        Path parts = dir.resolve(".parts");
        try (FileStorage storage = new FileStorage(dir, one, 16, parts)) {
            storage.setWanted(0, false);
            storage.write(1, 0, ByteBuffer.wrap(data, 16, 16)); // in flight when the file was deselected
            storage.setWanted(0, true);
            storage.write(3, 0, ByteBuffer.wrap(data, 48, 16)); // creates the file
            ByteBuffer piece1 = ByteBuffer.allocate(16);
            storage.readVerified(1, 0, piece1);
            assertArrayEquals(Arrays.copyOfRange(data, 16, 32), piece1.array());
        }
        Files.delete(dir.resolve("b.bin"));
        try (FileStorage storage = new FileStorage(dir, one, 16, parts)) { // after a restart, too
            storage.write(3, 0, ByteBuffer.wrap(data, 48, 16));
            ByteBuffer piece1 = ByteBuffer.allocate(16);
            storage.readVerified(1, 0, piece1);
            assertArrayEquals(Arrays.copyOfRange(data, 16, 32), piece1.array());
            assertEquals(4 * 16, Files.size(dir.resolve("b.bin")));
        }
    }

    @Test
    void aFileWhoseMovedBytesEndInZerosIsMovedWhole() throws IOException {
        int piece = 16 * 1024;
        int length = (1 << 20) + piece; // more than one move chunk, its last piece all zeros
        List<StoredFile> two = List.of(new StoredFile(List.of("t", "a"), piece, false), new StoredFile(List.of("t", "b"), length, false));
        byte[] data = new byte[piece + length];
        new Random(3).nextBytes(data);
        Arrays.fill(data, data.length - piece, data.length, (byte) 0);
        try (FileStorage storage = new FileStorage(dir, two, piece, dir.resolve(".parts"))) {
            int pieces = storage.layout().pieceCount();
            storage.setWanted(1, false);
            for (int p = 2; p < pieces; p++) {
                storage.write(p, 0, ByteBuffer.wrap(data, p * piece, piece));
            }
            storage.setWanted(1, true);
            storage.write(1, 0, ByteBuffer.wrap(data, piece, piece)); // creates b and moves its bytes
            assertEquals(length, Files.size(storage.path(1)));
            ByteBuffer last = ByteBuffer.allocate(piece);
            storage.readVerified(pieces - 1, 0, last);
            assertArrayEquals(new byte[piece], last.array());
        }
    }

    @Test
    void rejectsPathsThatEscapeTheFolder() {
        for (List<String> bad : List.<List<String>>of(List.of("..", "x"), List.of("a", "..", "..", "x"), List.of("/etc"),
                List.of("a\\b"), List.of("a\0b"), List.of(""), List.of("."), List.of())) {
            assertThrows(UnsafePathException.class,
                    () -> new FileStorage(dir, List.of(new StoredFile(bad, 1, false)), 16, dir.resolve(".p")), bad.toString());
        }
    }

    @Test
    void refusesWorkAfterClose() throws IOException {
        FileStorage storage = new FileStorage(dir, FILES, 16, dir.resolve(".parts"));
        storage.close();
        assertThrows(IOException.class, () -> storage.write(0, 0, ByteBuffer.allocate(1)));
    }

    /**
     * Direct writes store the same bytes: pieces from aligned direct memory (as the client
     * assembles them) and from heap buffers, across an aligned file (after padding) and unaligned
     * file boundaries. Where the temporary folder's file system takes O_DIRECT, the aligned bytes
     * went past the cache.
     */
    @Test
    void directWritesStoreTheSameBytes() throws IOException {
        int pieceLength = 32 * 1024;
        List<StoredFile> files = List.of(new StoredFile(List.of("d", "a.bin"), 10_000, false),
                new StoredFile(List.of("d", ".pad", "6384"), 6_384, true),
                new StoredFile(List.of("d", "b.bin"), 70_000, false),
                new StoredFile(List.of("d", "c.bin"), 30_000, false));
        byte[] data = new byte[116_384];
        new Random(5).nextBytes(data);
        Arrays.fill(data, 10_000, 16_384, (byte) 0);
        try (FileStorage storage = new FileStorage(dir, files, pieceLength, dir.resolve(".parts"), true)) {
            PieceLayout layout = storage.layout();
            for (int p = 0; p < layout.pieceCount(); p++) {
                if (p == 1) {
                    storage.write(p, 0, ByteBuffer.wrap(data, p * pieceLength, layout.pieceSize(p)));
                    continue;
                }
                ByteBuffer aligned = ByteBuffer.allocateDirect(pieceLength + FileStorage.DIRECT_ALIGNMENT)
                        .alignedSlice(FileStorage.DIRECT_ALIGNMENT);
                storage.write(p, 0, aligned.put(data, p * pieceLength, layout.pieceSize(p)).flip());
            }
            assertArrayEquals(data, readAll(storage));
            storage.flush();
            assertArrayEquals(Arrays.copyOfRange(data, 0, 10_000), Files.readAllBytes(dir.resolve("d/a.bin")));
            assertArrayEquals(Arrays.copyOfRange(data, 16_384, 86_384), Files.readAllBytes(dir.resolve("d/b.bin")));
            assertArrayEquals(Arrays.copyOfRange(data, 86_384, 116_384), Files.readAllBytes(dir.resolve("d/c.bin")));
            if (takesODirect(dir)) {
                assertTrue(storage.directBytes() >= 40_000, "b.bin's aligned pieces went direct: " + storage.directBytes());
            }
        }
    }

    private static boolean takesODirect(Path dir) {
        Path probe = dir.resolve(".o_direct_probe");
        try (var c = java.nio.channels.FileChannel.open(probe, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            System.out.println("O_DIRECT refused in " + dir + " (" + e + "): only the bytes are checked");
            return false;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // a leftover probe in a temporary folder is harmless
            }
        }
    }
}

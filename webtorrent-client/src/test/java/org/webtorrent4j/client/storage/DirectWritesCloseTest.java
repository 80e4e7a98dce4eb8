package org.webtorrent4j.client.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing a storage while a disk thread writes leaves no file open behind it. */
class DirectWritesCloseTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;

    /**
     * A write that got its channel just before {@link FileStorage#close()} reaches
     * {@link DirectWrites#write}, which finds its channel closed and opens the file again with
     * O_DIRECT: that channel is never closed (a leaked descriptor, which also keeps a file
     * removed with its data taking disk space until the JVM exits). Many rounds make the race
     * likely; with the leak impossible the test can never fail.
     */
    @Test
    void aWriteRacingCloseLeavesNoFileOpen() throws Exception {
        Path fdDir = Path.of("/proc/self/fd");
        Assumptions.assumeTrue(Files.isDirectory(fdDir), "needs /proc/self/fd");
        ByteBuffer piece = ByteBuffer.allocateDirect(PIECE + DirectWrites.ALIGNMENT).alignedSlice(DirectWrites.ALIGNMENT);
        piece.limit(PIECE);
        for (int round = 0; round < 300; round++) {
            Path root = Files.createDirectories(dir.resolve("r" + round));
            FileStorage storage = new FileStorage(root, List.of(new StoredFile(List.of("f.bin"), 64L * PIECE, false)),
                    PIECE, root.resolve(".parts"), true);
            storage.write(0, 0, piece.duplicate()); // creates the file
            Assumptions.assumeTrue(storage.directBytes() > 0, "O_DIRECT not available here");
            CountDownLatch writing = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    for (int p = 1; ; p = p % 63 + 1) {
                        writing.countDown();
                        storage.write(p, 0, piece.duplicate());
                    }
                } catch (IOException closed) {
                    // the storage closed under it: expected
                }
            });
            writer.start();
            writing.await();
            storage.close();
            writer.join();
            assertEquals(0, openFilesUnder(fdDir, root), "round " + round + ": a file is still open after close");
        }
    }

    private static long openFilesUnder(Path fdDir, Path root) throws IOException {
        try (Stream<Path> fds = Files.list(fdDir)) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(root);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}

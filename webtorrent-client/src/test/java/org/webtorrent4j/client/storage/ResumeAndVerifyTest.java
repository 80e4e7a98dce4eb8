package org.webtorrent4j.client.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.TorrentCreator;

class ResumeAndVerifyTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aSaveThatFailsKeepsTheLastRecordAndLeavesNoTemporaryFile() throws Exception {
        ResumeFile file = new ResumeFile(dir.resolve("x.resume"));
        BitSet verified = new BitSet();
        verified.set(3);
        file.save(new ResumeData(10, verified, List.of(new ResumeData.FileStamp(5, 123))));
        Path devFull = Path.of("/dev/full"); // every write fails with ENOSPC: a full disk
        Assumptions.assumeTrue(Files.isWritable(devFull), "no /dev/full here");
        Files.createSymbolicLink(dir.resolve("x.resume.tmp"), devFull);

        BitSet more = new BitSet();
        more.set(0, 10);
        IOException e = assertThrows(IOException.class,
                () -> file.save(new ResumeData(10, more, List.of(new ResumeData.FileStamp(5, 124)))));
        assertTrue(e.getMessage().contains("No space left"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.resume.tmp"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(verified, file.load().orElseThrow().verified(), "the last saved record is intact");
    }

    @Test
    void resumeRecordRoundTripsAndCorruptRecordsAreIgnored() throws Exception {
        ResumeFile file = new ResumeFile(dir.resolve("x.resume"));
        assertEquals(Optional.empty(), file.load());
        BitSet verified = new BitSet();
        verified.set(0);
        verified.set(9);
        ResumeData data = new ResumeData(10, verified, List.of(new ResumeData.FileStamp(5, 123), ResumeData.FileStamp.ABSENT));
        file.save(data);
        ResumeData loaded = file.load().orElseThrow();
        assertEquals(verified, loaded.verified());
        assertEquals(data.files(), loaded.files());
        assertFalse(Files.exists(dir.resolve("x.resume.tmp")));

        Files.write(file.path(), new byte[] {'d', '1'});
        assertEquals(Optional.empty(), file.load());
        Files.write(file.path(), "d6:formati1e5:piecesi2e8:verified1:\u00ff5:filesleee".getBytes("ISO-8859-1"));
        assertEquals(Optional.empty(), file.load(), "a bit beyond the piece count makes the record untrustworthy");
    }

    @Test
    void verifiesPiecesAndRechecksOnlyUntrustedOnes() throws Exception {
        byte[] data = new byte[100_000];
        new Random(7).nextBytes(data);
        int pieceLength = 16 * 1024;
        PieceLayout layout = new PieceLayout(new long[] {data.length}, pieceLength);
        Torrent torrent = torrentOf(Files.write(dir.resolve("data.bin"), data), pieceLength);
        try (MemoryStorage storage = new MemoryStorage(layout)) {
            PieceVerifier verifier = new PieceVerifier(storage, torrent::newPieceCheck, pool);
            assertFalse(verifier.verify(0).get());
            for (int p = 0; p < layout.pieceCount(); p++) {
                storage.write(p, 0, ByteBuffer.wrap(data, p * pieceLength, layout.pieceSize(p)));
            }
            storage.write(3, 5, ByteBuffer.wrap(new byte[] {(byte) (data[3 * pieceLength + 5] + 1)}));
            assertTrue(verifier.verify(6).get(), "the short last piece");
            BitSet trusted = new BitSet();
            trusted.set(3); // trusted pieces are not re-read, even if their bytes changed since
            BitSet verified = verifier.recheck(trusted).get();
            BitSet expected = new BitSet();
            expected.set(0, layout.pieceCount());
            assertEquals(expected, verified);
            assertFalse(verifier.recheck(new BitSet()).get().get(3), "a corrupted piece never counts");
        }
    }

    /** A fresh download hashes nothing at start, and a piece of zeros never passes unwritten. */
    @Test
    void piecesNeverStoredAreNotCheckedEvenWhenTheirHashIsOfZeros() throws Exception {
        int pieceLength = 16 * 1024;
        Path zeros = Files.createDirectories(dir.resolve("zeros"));
        Files.write(zeros.resolve("a.bin"), new byte[2 * pieceLength]);
        Files.write(zeros.resolve("b.bin"), new byte[2 * pieceLength]);
        Torrent torrent = torrentOf(zeros, pieceLength);
        List<StoredFile> files = List.of(new StoredFile(List.of("a.bin"), 2L * pieceLength, false),
                new StoredFile(List.of("b.bin"), 2L * pieceLength, false));
        Path download = dir.resolve("download");
        try (FileStorage storage = new FileStorage(download, files, pieceLength, download.resolve(".part"))) {
            AtomicInteger tasks = new AtomicInteger();
            PieceVerifier verifier = new PieceVerifier(storage, torrent::newPieceCheck, task -> {
                tasks.incrementAndGet();
                pool.execute(task);
            });
            assertEquals(new BitSet(), verifier.recheck(new BitSet()).get());
            assertEquals(1, tasks.get(), "one pass finds no stored bytes; no piece is scheduled");
            storage.write(2, 0, ByteBuffer.wrap(new byte[pieceLength]));
            BitSet onlyThird = new BitSet();
            onlyThird.set(2);
            assertEquals(onlyThird, verifier.recheck(new BitSet()).get(), "piece 3 lies where b.bin ends");
            assertEquals(1 + 2, tasks.get(), "a second pass, then the one piece with stored bytes");
        }
    }

    private static Torrent torrentOf(Path source, int pieceLength) throws Exception {
        return Torrent.parse(TorrentCreator.create(source, CreateOptions.builder().pieceLength(pieceLength).build())
                .torrentBytes());
    }
}

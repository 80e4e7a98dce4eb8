package org.webtorrent4j.client.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resume record that cannot be read is ignored (everything is checked again), never a crash. */
class ResumeFileSizeTest {
    @TempDir
    Path dir;

    /**
     * A record of 3 GiB (a corrupted file system, or a torrent that wrote into the state folder):
     * Files.readAllBytes throws OutOfMemoryError, which load() does not catch, so the torrent's
     * start task dies on its event loop and ready() never completes.
     */
    @Test
    void aHugeRecordIsIgnored() throws Exception {
        Path record = dir.resolve("x.resume");
        try (RandomAccessFile f = new RandomAccessFile(record.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: no disk space used
        }
        Optional<ResumeData> loaded;
        try {
            loaded = new ResumeFile(record).load();
        } catch (OutOfMemoryError e) { // caught here only so that JUnit does not kill the test JVM
            throw new AssertionError("load() threw " + e, e);
        }
        assertEquals(Optional.empty(), loaded);
    }
}

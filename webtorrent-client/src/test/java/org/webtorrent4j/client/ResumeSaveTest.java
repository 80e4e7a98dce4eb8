package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;

/** A resume record vouches only for pieces whose bytes are on disk when it is written. */
class ResumeSaveTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    /**
     * The user deletes a finished file while the client seeds it, then quits. The record saved at
     * the stop lists every piece verified together with the file's stamp "absent"; on restart the
     * stamps match, so every piece is trusted: the torrent is done at once with its file missing,
     * and the first request for one of its pieces fails the torrent.
     */
    @Test
    void aFileDeletedWhileSeedingIsNotTrustedAfterARestart() throws Exception {
        byte[] data = TestTorrents.random(4 * PIECE + 7, 51);
        Path dir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(dir, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        try (WebTorrent client = LoopbackSwarmTest.client(dir)) {
            TorrentHandle h = client.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            assertTrue(h.done().isDone(), "a seeder");
            Files.delete(dir.resolve("data.bin"));
        }
        try (WebTorrent restarted = LoopbackSwarmTest.client(dir)) {
            TorrentHandle h = restarted.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            assertEquals(0, h.verifiedPieces().cardinality(), "pieces of a deleted file are trusted as verified");
        }
    }
}

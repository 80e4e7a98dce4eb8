package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

class TorrentFuzzTest {
    /**
     * Any bytes either parse to a consistent torrent, whose encoding parses to the same info and
     * whose files stay inside the download folder, or fail with InvalidTorrentException.
     */
    @FuzzTest(maxDuration = "60s")
    void parseIsConsistentOrFailsTyped(byte[] input) {
        Torrent t;
        try {
            t = Torrent.parse(input);
        } catch (InvalidTorrentException expected) {
            return;
        }
        long sum = 0;
        for (TorrentFile f : t.files()) {
            assertEquals(sum, f.offset());
            sum += f.length();
            for (String c : f.path()) {
                assertTrue(!c.isEmpty() && !c.equals("..") && !c.contains("/") && !c.contains("\\"), c);
            }
        }
        assertEquals(t.length(), sum);
        assertTrue(t.pieceCount() >= 1 && t.lastPieceLength() >= 1 && t.lastPieceLength() <= t.pieceLength());
        assertEquals(t.length(), (long) (t.pieceCount() - 1) * t.pieceLength() + t.lastPieceLength());
        Torrent again = Torrent.parse(t.toTorrentBytes());
        assertArrayEquals(t.rawInfo(), again.rawInfo());
        assertEquals(t.infoHashV1(), again.infoHashV1());
        assertEquals(t.infoHashV2(), again.infoHashV2());
        assertEquals(t.files(), again.files());
        assertEquals(t.announceTiers(), again.announceTiers());
        t.toMagnetUri();
    }

    /** Any string is a magnet link or info-hash, or fails typed. */
    @FuzzTest(maxDuration = "30s")
    void parseStringFailsTyped(byte[] input) {
        try {
            Torrent t = Torrent.parse(new String(input, StandardCharsets.UTF_8));
            assertEquals(t.infoHashV1(), Torrent.fromMagnet(t.toMagnetUri()).infoHashV1());
        } catch (InvalidTorrentException expected) {
            // typed failure is fine
        }
    }
}

package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.webtorrent4j.bencode.Bencode;
import java.nio.charset.StandardCharsets;

class TorrentFuzzTest {
    /**
     * Any bytes either parse to a consistent torrent, whose encoding parses to the same info and
     * whose files stay inside the download folder, or fail with InvalidTorrentException.
     */
    @FuzzTest(maxDuration = "4m")
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
        // every accessor answers without failing on a parsed torrent
        t.createdBy();
        t.comment();
        t.encoding();
        t.creationDate();
        t.httpSeeds();
        t.nodes();
        t.urlList();
        t.unknownFields();
        t.unknownInfoFields();
        if (t.infoHashV1().isPresent()) {
            assertEquals(20, t.pieceHash(t.pieceCount() - 1).length);
        }
    }

    /**
     * Well-formed torrents with fuzzed names, paths, lengths and attributes (pieces always match the
     * length), so that the fuzzer spends its time past the structural checks: a torrent either fails
     * typed or has only safe, unique paths.
     */
    @FuzzTest(maxDuration = "2m")
    void structuredTorrentsHaveSafePaths(FuzzedDataProvider data) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", data.consumeString(12));
        long pieceLength = 1L << data.consumeInt(0, 20);
        info.put("piece length", pieceLength);
        long total = 0;
        if (data.consumeBoolean()) {
            long length = data.consumeLong(-2, 1 << 22);
            info.put("length", length);
            total = Math.max(length, 0);
        } else {
            List<Object> files = new ArrayList<>();
            int count = data.consumeInt(0, 6);
            for (int i = 0; i < count; i++) {
                Map<String, Object> file = new LinkedHashMap<>();
                long length = data.consumeLong(-2, 1 << 20);
                total += Math.max(length, 0);
                file.put("length", length);
                List<Object> path = new ArrayList<>();
                int depth = data.consumeInt(0, 4);
                for (int j = 0; j < depth; j++) {
                    path.add(data.consumeString(8));
                }
                file.put(data.consumeBoolean() ? "path" : "path.utf-8", path);
                if (data.consumeBoolean()) {
                    file.put("attr", data.consumeString(3));
                }
                files.add(file);
            }
            info.put("files", files);
        }
        info.put("pieces", new byte[(int) Math.min(20 * ((total + pieceLength - 1) / pieceLength), 1 << 20)]);
        Torrent t;
        try {
            t = Torrent.parse(Bencode.encode(Map.of("info", info)));
        } catch (InvalidTorrentException expected) {
            return;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (TorrentFile f : t.files()) {
            for (String c : f.path()) {
                assertTrue(!c.isEmpty() && !c.equals(".") && !c.equals("..") && c.indexOf('/') < 0
                        && c.indexOf('\\') < 0 && c.indexOf(0) < 0 && !c.matches("^[A-Za-z]:.*"), c);
            }
            assertTrue(f.isPadding() || seen.add(f.displayPath()), f.displayPath());
        }
        assertEquals(total, t.length());
    }

    /** Any string is a magnet link or info-hash, or fails typed. */
    @FuzzTest(maxDuration = "1m")
    void parseStringFailsTyped(byte[] input) {
        try {
            Torrent t = Torrent.parse(new String(input, StandardCharsets.UTF_8));
            assertEquals(t.infoHashV1(), Torrent.fromMagnet(t.toMagnetUri()).infoHashV1());
        } catch (InvalidTorrentException expected) {
            // typed failure is fine
        }
    }
}

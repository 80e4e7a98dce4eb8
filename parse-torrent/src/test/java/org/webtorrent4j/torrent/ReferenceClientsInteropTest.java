package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.testkit.Fixtures;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.testkit.ProcessRunner;

/**
 * Compares our parse of every fixture and hand-made v2/hybrid torrent with what python3-libtorrent
 * and transmission-show report, live.
 */
@Tag("interop")
class ReferenceClientsInteropTest {
    private static final List<String> FIXTURES = List.of("alice", "leaves", "numbers", "folder", "sintel", "bunny",
            "corrupt", "lots-of-numbers", "leaves-metadata");
    private static final List<String> MADE = List.of("hybrid", "v2only", "v1pad", "v2single");

    @Test
    void libtorrentAgreesOnEveryTorrent(@TempDir Path dir) throws IOException {
        Interop.assumeLoopbackOnlyNamespace();
        Path python = Interop.assumePythonModule("libtorrent");
        List<Path> torrents = torrents(dir);
        Path script = dir.resolve("libtorrent_summary.py");
        try (InputStream in = getClass().getResourceAsStream("interop/libtorrent_summary.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString()));
        torrents.forEach(t -> command.add(t.toString()));
        String reference = ProcessRunner.run(Duration.ofMinutes(2), command, null).requireSuccess().stdout();
        Map<String, String> theirs = split(reference);
        assertEquals(torrents.size(), theirs.size(), reference);
        for (Path torrent : torrents) {
            String name = torrent.getFileName().toString();
            assertEquals(theirs.get(name), ourSummary(torrent), name);
        }
    }

    @Test
    void transmissionAgreesOnV1Torrents() throws IOException {
        Interop.assumeLoopbackOnlyNamespace();
        Path show = Interop.assumeBinary("transmission-show");
        for (String f : FIXTURES) {
            Path path = Fixtures.path(f + ".torrent");
            String out = ProcessRunner.run(Duration.ofMinutes(1), show.toString(), path.toString()).requireSuccess().stdout();
            if (f.equals("corrupt")) {
                // transmission names a torrent without 'name' after its file; we, like libtorrent, refuse it.
                assertTrue(out.contains("Name: corrupt.torrent"), out);
                continue;
            }
            Torrent t = Torrent.parse(path);
            assertTrue(out.contains("Hash: " + t.infoHashV1().orElseThrow().hex()), f + ":\n" + out);
            assertTrue(out.contains("Piece Count: " + t.pieceCount()), f + ":\n" + out);
            assertTrue(out.contains("Privacy: " + (t.isPrivate() ? "Private" : "Public") + " torrent"), f + ":\n" + out);
            for (TorrentFile file : t.userFiles()) {
                assertTrue(out.contains("  " + file.displayPath() + " ("), f + " lacks " + file.displayPath() + ":\n" + out);
            }
        }
    }

    private List<Path> torrents(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        FIXTURES.forEach(f -> out.add(Fixtures.path(f + ".torrent")));
        for (String m : MADE) {
            Path p = dir.resolve(m + ".torrent");
            Files.write(p, TestTorrents.resource(m + ".torrent"));
            out.add(p);
        }
        return out;
    }

    private static Map<String, String> split(String reference) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        StringBuilder body = new StringBuilder();
        for (String line : reference.split("\n")) {
            if (line.startsWith("torrent ")) {
                if (current != null) {
                    out.put(current, body.toString());
                }
                current = line.substring("torrent ".length());
                body.setLength(0);
            } else {
                body.append(line).append('\n');
            }
        }
        if (current != null) {
            out.put(current, body.toString());
        }
        return out;
    }

    /** The same line format as libtorrent_summary.py. */
    private static String ourSummary(Path path) throws IOException {
        Torrent t;
        try {
            t = Torrent.parse(path);
        } catch (InvalidTorrentException e) {
            return "error\n";
        }
        StringBuilder s = new StringBuilder();
        s.append("v1 ").append(t.infoHashV1().map(InfoHash::hex).orElse("none")).append('\n');
        s.append("v2 ").append(t.infoHashV2().map(InfoHash::hex).orElse("none")).append('\n');
        s.append("name ").append(t.name()).append('\n');
        if (t.infoHashV1().isPresent()) {
            s.append("length ").append(t.length()).append('\n');
        }
        s.append("pieces ").append(t.pieceCount()).append('\n');
        s.append("piece_length ").append(t.pieceLength()).append('\n');
        s.append("private ").append(t.isPrivate() ? 1 : 0).append('\n');
        for (int tier = 0; tier < t.announceTiers().size(); tier++) {
            for (String url : t.announceTiers().get(tier)) {
                s.append("tracker ").append(tier).append(' ').append(url).append('\n');
            }
        }
        t.urlList().forEach(u -> s.append("webseed ").append(u).append('\n'));
        for (TorrentFile f : t.userFiles()) {
            s.append("file ").append(f.offset()).append(' ').append(f.length()).append(' ').append(f.displayPath()).append('\n');
        }
        return s.toString();
    }
}

package org.webtorrent4j.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtorrent4j.testkit.Fixtures;
import picocli.CommandLine;

class InfoCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new WebTorrentCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode json(String... args) throws Exception {
        Run r = run(args);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertEquals(1, r.out().strip().lines().count(), "exactly one JSON line");
        return JSON.readTree(r.out());
    }

    @Test
    void leavesAsJson() throws Exception {
        JsonNode j = json("info", Fixtures.path("leaves.torrent").toString(), "--json");
        assertEquals("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36", j.get("infoHash").asText());
        assertTrue(j.get("infoHashV2").isNull());
        assertEquals("Leaves of Grass by Walt Whitman.epub", j.get("name").asText());
        assertEquals(362017, j.get("length").asLong());
        assertEquals(16384, j.get("pieceLength").asInt());
        assertEquals(1569, j.get("lastPieceLength").asInt());
        assertEquals(23, j.get("pieceCount").asInt());
        assertEquals(false, j.get("private").asBoolean());
        assertEquals("2013-08-01T13:27:46Z", j.get("created").asText());
        assertEquals("uTorrent/3300", j.get("createdBy").asText());
        assertTrue(j.get("comment").isNull());
        assertEquals(0, j.get("announce").size());
        assertEquals(0, j.get("urlList").size());
        assertEquals(1, j.get("files").size());
        assertEquals("Leaves of Grass by Walt Whitman.epub", j.get("files").get(0).get("path").asText());
        assertEquals(List.of("infoHash", "infoHashV2", "name", "length", "pieceLength", "lastPieceLength", "pieceCount",
                "private", "created", "createdBy", "comment", "announce", "urlList", "files"), fieldNames(j));
    }

    @Test
    void multiFilePathsStartWithTheName() throws Exception {
        JsonNode j = json("info", "--json", Fixtures.path("lots-of-numbers.torrent").toString());
        assertEquals("114ead6243792ba56297edbb9a78dfba84d4fc00", j.get("infoHash").asText());
        assertEquals(12, j.get("length").asLong());
        JsonNode files = j.get("files");
        assertEquals(6, files.size());
        assertEquals("lots-of-numbers/big numbers/10.txt", files.get(0).get("path").asText());
        assertEquals("lots-of-numbers/small numbers/3.txt", files.get(5).get("path").asText());
        assertEquals(3, files.get(5).get("length").asLong());
        assertEquals(9, files.get(5).get("offset").asLong());
    }

    @Test
    void bunnyIsPrivateWithAWebSeed() throws Exception {
        JsonNode j = json("info", "--json", Fixtures.path("bunny.torrent").toString());
        assertEquals("af8f10f30bf9aefecf3686922bfa0d5bd290a395", j.get("infoHash").asText());
        assertEquals(true, j.get("private").asBoolean());
        assertEquals(830, j.get("pieceCount").asInt());
        assertEquals("http://distribution.bbb3d.renderfarming.net/video/mp4/bbb_sunflower_1080p_30fps_stereo_abl.mp4",
                j.get("urlList").get(0).asText());
    }

    @Test
    void everyFixtureHasItsKnownInfoHash() throws Exception {
        String[][] expected = {
            {"alice", "722fe65b2aa26d14f35b4ad627d20236e481d924"},
            {"numbers", "89d97c2261a21b040cf11caa661a3ba7233bb7e6"},
            {"folder", "b88da2caac6648e6c7d7687e3f89085f7e230e6b"},
            {"sintel", "c334138ef5bfc2d568ea7324e0e2a3a7ec229bdd"},
            {"leaves-metadata", "d2474e86c95b19b8bcfdb92bc12c9d44667cfa36"},
        };
        for (String[] e : expected) {
            assertEquals(e[1], json("info", "--json", Fixtures.path(e[0] + ".torrent").toString()).get("infoHash").asText(), e[0]);
        }
    }

    @Test
    void paddingFilesAreLeftOut(@TempDir Path dir) throws Exception {
        Path hybrid = dir.resolve("hybrid.torrent");
        try (var in = InfoCommandTest.class.getResourceAsStream("hybrid.torrent")) {
            Files.write(hybrid, in.readAllBytes());
        }
        JsonNode j = json("info", "--json", hybrid.toString());
        assertEquals("a669f5e3be05826a964143a755d65074926dd156", j.get("infoHash").asText());
        assertEquals("5651fa7604ba56365876423a35e6a185a3ff6756a700b46b1809af9f9e135c1e", j.get("infoHashV2").asText());
        List<String> paths = new ArrayList<>();
        j.get("files").forEach(f -> paths.add(f.get("path").asText()));
        assertEquals(List.of("multi/a.bin", "multi/sub/b.txt", "multi/sub/c.bin"), paths);
        assertEquals(List.of("http://127.0.0.1:6969/announce", "udp://127.0.0.1:6969"),
                List.of(j.get("announce").get(0).asText(), j.get("announce").get(1).asText()));
    }

    @Test
    void magnetWithoutMetadata() throws Exception {
        JsonNode j = json("info", "--json", "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&dn=Leaves"
                + "&tr=udp%3A%2F%2Ftracker.example%3A80");
        assertEquals("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36", j.get("infoHash").asText());
        assertEquals("Leaves", j.get("name").asText());
        for (String field : List.of("length", "pieceLength", "lastPieceLength", "pieceCount", "private", "created",
                "createdBy", "comment")) {
            assertTrue(j.get(field).isNull(), field);
        }
        assertEquals("udp://tracker.example:80", j.get("announce").get(0).asText());
        assertEquals(0, j.get("files").size());
    }

    @Test
    void bareInfoHashes() throws Exception {
        assertEquals("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36",
                json("info", "--json", "2JDU5BWJLMM3RPH5XEV4CLE5IRTHZ6RW").get("infoHash").asText());
        JsonNode j = json("info", "--json", "D2474E86C95B19B8BCFDB92BC12C9D44667CFA36");
        assertEquals("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36", j.get("infoHash").asText());
        assertTrue(j.get("name").isNull());
    }

    @Test
    void readableSummary() {
        Run r = run("info", Fixtures.path("numbers.torrent").toString());
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("89d97c2261a21b040cf11caa661a3ba7233bb7e6"), r.out());
        assertTrue(r.out().contains("numbers/2.txt"), r.out());
        assertTrue(r.out().contains("Files (3):"), r.out());
        assertEquals("", r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"corrupt.torrent", "no-such-file.torrent", "not-a-hash", "magnet:?xt=urn:btih:123",
        "magnet:?dn=nothing", "d2474e86c95b19b8bcfdb92bc12c9d44667cfa3"})
    void invalidInputExitsOneWithOneLineOnStderr(String arg) {
        String input = arg.equals("corrupt.torrent") ? Fixtures.path(arg).toString() : arg;
        for (List<String> args : List.of(List.of("info", input), List.of("info", "--json", input))) {
            Run r = run(args.toArray(String[]::new));
            assertEquals(1, r.exitCode(), r.err());
            assertEquals("", r.out());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("webtorrent info: "), r.err());
        }
    }

    @Test
    void notATorrentFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.torrent"), "hello");
        Run r = run("info", "--json", file.toString());
        assertEquals(1, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().contains("not a valid .torrent"), r.err());
    }

    private static List<String> fieldNames(JsonNode j) {
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

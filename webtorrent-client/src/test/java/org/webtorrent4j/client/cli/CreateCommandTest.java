package org.webtorrent4j.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.magnet.MagnetUri;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.testkit.ProcessRunner;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.CreatedTorrent;
import org.webtorrent4j.torrent.create.TorrentCreateException;
import org.webtorrent4j.torrent.create.TorrentCreator;
import picocli.CommandLine;

class CreateCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = WebTorrentCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Path folder() throws Exception {
        Path src = Files.createDirectories(dir.resolve("my folder/sub"));
        Files.writeString(src.resolve("b.txt"), "bravo");
        Files.writeString(src.getParent().resolve("a.txt"), "alpha".repeat(10_000));
        return src.getParent();
    }

    @Test
    void writesTheTorrentAndPrintsInfoHashAndMagnetLink() throws Exception {
        Path src = folder();
        Path out = dir.resolve("out.torrent");
        Run r = run("create", src.toString(), "-o", out.toString(), "--no-date",
                "--announce", "http://127.0.0.1:1/a, http://127.0.0.1:2/a", "--announce", "udp://127.0.0.1:3",
                "--url-list", "http://127.0.0.1:4/", "--private", "--comment", "hi", "--piece-length", "16K");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());

        CreatedTorrent expected = TorrentCreator.create(src, CreateOptions.builder().pieceLength(16384)
                .isPrivate(true).noCreationDate().build());
        assertEquals(2, r.outLines().size());
        assertEquals(expected.infoHashHex(), r.outLines().get(0));
        MagnetUri magnet = MagnetUri.parse(r.outLines().get(1));
        assertArrayEquals(expected.infoHash(), magnet.infoHashV1().orElseThrow());
        assertEquals("my folder", magnet.displayName().orElseThrow());
        assertEquals(List.of("http://127.0.0.1:1/a", "http://127.0.0.1:2/a", "udp://127.0.0.1:3"), magnet.trackers());
        assertEquals(List.of("http://127.0.0.1:4/"), magnet.webSeeds());

        Map<String, Object> m = Bencode.decodeDictionary(Files.readAllBytes(out));
        assertArrayEquals(expected.infoBytes(), Bencode.encode(m.get("info")));
        assertEquals(2, BencodedDictionary.list(m, "announce-list").size());
        assertEquals("hi", BencodedDictionary.string(m, "comment"));
        assertEquals(CreateOptions.DEFAULT_CREATED_BY, BencodedDictionary.string(m, "created by"));
        assertFalse(m.containsKey("creation date"));
        assertEquals(1, BencodedDictionary.list(m, "url-list").size());
    }

    @Test
    void nameCreatedByHiddenAndDate() throws Exception {
        Path src = folder();
        Files.writeString(src.resolve(".hidden"), "h");
        Path out = dir.resolve("x.torrent");
        Run r = run("create", src.toString(), "-o", out.toString(), "--name", "renamed", "--created-by", "me",
                "--include-hidden", "--threads", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.outLines().get(1).contains("&dn=renamed"));
        Map<String, Object> m = Bencode.decodeDictionary(Files.readAllBytes(out));
        assertEquals("me", BencodedDictionary.string(m, "created by"));
        assertTrue(BencodedDictionary.integer(m, "creation date") > 1_600_000_000L);
        Map<String, Object> info = BencodedDictionary.dictionary(m, "info");
        assertEquals("renamed", BencodedDictionary.string(info, "name"));
        assertEquals(3, BencodedDictionary.list(info, "files").size());
    }

    @Test
    void invalidInputExitsWithOneAndOneStderrLine() throws Exception {
        Path src = folder();
        Path existing = Files.writeString(dir.resolve("exists.torrent"), "keep me");
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"create", dir.resolve("missing").toString(), "-o", dir.resolve("m.torrent").toString()});
        cases.add(new String[] {"create", src.toString(), "--piece-length", "1000"});
        cases.add(new String[] {"create", src.toString(), "--piece-length", "lots"});
        cases.add(new String[] {"create", src.toString(), "--bogus"});
        cases.add(new String[] {"create"});
        cases.add(new String[] {"create", src.toString(), "--threads", "x"});
        cases.add(new String[] {"create", src.toString(), "--name", "a/b"});
        cases.add(new String[] {"create", Files.createDirectories(dir.resolve("empty")).toString()});
        cases.add(new String[] {"create", src.toString(), "-o", existing.toString()});
        cases.add(new String[] {"create", src.toString(), "-o", dir.toString(), "--force"});
        for (String[] args : cases) {
            Run r = run(args);
            assertEquals(1, r.exit(), String.join(" ", args));
            assertEquals(1, r.errLines().size(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().startsWith("webtorrent create: "), r.err());
            assertEquals("", r.out());
        }
        assertEquals("keep me", Files.readString(existing));
        assertEquals(0, run("create", src.toString(), "-o", existing.toString(), "--force").exit());
        assertTrue(Files.size(existing) > 20);
    }

    @Test
    void skippedLinksAreReportedOnStderr() throws Exception {
        Path src = folder();
        Files.createSymbolicLink(src.resolve("escape"), dir.resolve("elsewhere"));
        Run r = run("create", src.toString(), "-o", dir.resolve("l.torrent").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(List.of("webtorrent create: skipped escape: broken symbolic link"), r.errLines());
    }

    @Test
    void withoutOutputWritesNameDotTorrentInTheCurrentFolder() throws Exception {
        Path src = folder();
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessRunner.Result r = ProcessRunner.run(Duration.ofMinutes(2), List.of(java, "-cp",
                System.getProperty("java.class.path"), WebTorrentCli.class.getName(), "create", src.toString(),
                "--no-date"), cwd).requireSuccess();
        Path written = cwd.resolve("my folder.torrent");
        assertTrue(Files.exists(written), r.stdout() + r.stderr());
        CreatedTorrent expected = TorrentCreator.create(src, CreateOptions.builder().noCreationDate().build());
        assertArrayEquals(expected.torrentBytes(), Files.readAllBytes(written));
        assertEquals(expected.infoHashHex(), r.stdout().lines().findFirst().orElseThrow());
    }

    @Test
    void pieceLengthSuffixes() {
        assertEquals(16384, CreateCommand.parsePieceLength("16384"));
        assertEquals(262144, CreateCommand.parsePieceLength("256k"));
        assertEquals(1 << 20, CreateCommand.parsePieceLength("1M"));
        // 2^44 + 16 MiB-units: shifted, it would wrap to 16 MiB.
        assertThrows(TorrentCreateException.class, () -> CreateCommand.parsePieceLength("17592186044432M"));
        assertThrows(TorrentCreateException.class, () -> CreateCommand.parsePieceLength("2048M"));
    }
}

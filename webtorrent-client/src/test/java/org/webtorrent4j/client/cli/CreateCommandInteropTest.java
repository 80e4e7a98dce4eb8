package org.webtorrent4j.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.Span;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.testkit.ProcessRunner;
import picocli.CommandLine;

/**
 * {@code webtorrent create} against real tools: transmission-show and libtorrent read the torrent
 * with the info-hash the command printed, libtorrent reads the printed magnet link, and mktorrent
 * makes the same info dictionary for the same folder, name and piece length.
 */
@Tag("interop")
class CreateCommandInteropTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void createdTorrentLoadsInTransmissionAndLibtorrentAndMatchesMktorrent() throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Interop.assumeBinary("mktorrent");
        Interop.assumeBinary("transmission-show");
        Path python = Interop.assumePythonModule("libtorrent");

        Path src = Files.createDirectories(dir.resolve("shared stuff/sub/deep"));
        Path root = dir.resolve("shared stuff");
        Random random = new Random(42);
        for (String file : List.of("sub/deep/a.bin", "sub/b.bin", "c.bin", "z")) {
            byte[] data = new byte[20_000 + random.nextInt(70_000)];
            random.nextBytes(data);
            Files.write(root.resolve(file), data);
        }
        Files.createFile(src.resolve("empty"));
        Path ours = dir.resolve("ours.torrent");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = WebTorrentCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("create", root.toString(), "-o", ours.toString(), "--piece-length", "32768",
                "--announce", "http://127.0.0.1:6969/announce,http://127.0.0.1:6970/announce",
                "--announce", "udp://127.0.0.1:6969", "--comment", "interop", "--url-list", "http://127.0.0.1:8080/");
        assertEquals(0, exit, err.toString());
        List<String> lines = out.toString().lines().toList();
        String infoHash = lines.get(0);
        String magnet = lines.get(1);

        String show = ProcessRunner.run(TIMEOUT, "transmission-show", ours.toString()).requireSuccess().stdout();
        assertEquals(true, show.contains("Hash: " + infoHash), show);

        String script = "import libtorrent as lt, sys\n"
                + "ti = lt.torrent_info(sys.argv[1])\n"
                + "print(ti.info_hashes().v1, ti.name(), ti.num_files(), len(list(ti.trackers())))\n"
                + "p = lt.parse_magnet_uri(sys.argv[2])\n"
                + "print(p.info_hashes.v1, p.name, len(p.trackers))\n";
        List<String> lt = ProcessRunner.run(TIMEOUT, python.toString(), "-c", script, ours.toString(), magnet)
                .requireSuccess().stdout().lines().toList();
        assertEquals(List.of(infoHash + " shared stuff 5 3", infoHash + " shared stuff 3"), lt);

        Path theirs = dir.resolve("mktorrent.torrent");
        ProcessRunner.run(TIMEOUT, List.of("mktorrent", "-a", "http://127.0.0.1:6969/announce", "-l", "15",
                "-t", "1", "-o", theirs.toString(), root.toString()), dir).requireSuccess();
        assertArrayEquals(info(Files.readAllBytes(theirs)), info(Files.readAllBytes(ours)));
    }

    private static byte[] info(byte[] torrent) {
        Span span = Bencode.decodeDictionary(torrent, BencodeLimits.DEFAULT).spans().get("info");
        return Arrays.copyOfRange(torrent, span.start(), span.end());
    }
}

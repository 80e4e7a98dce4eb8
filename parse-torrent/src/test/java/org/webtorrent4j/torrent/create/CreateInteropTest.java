package org.webtorrent4j.torrent.create;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.Span;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.testkit.ProcessRunner;

/**
 * Torrents made by {@link TorrentCreator} against real tools: mktorrent makes the same info
 * dictionary byte for byte for the same input, name and piece length (mktorrent 1.1 takes 32 KiB
 * pieces and up), and transmission-show and libtorrent load ours with our info-hash.
 */
@Tag("interop")
class CreateInteropTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String TRACKER = "http://127.0.0.1:6969/announce";

    @TempDir
    Path dir;

    @BeforeEach
    void requireTools() {
        Interop.assumeLoopbackOnlyNamespace();
        Interop.assumeBinary("mktorrent");
        Interop.assumeBinary("transmission-show");
        Interop.assumePythonModule("libtorrent");
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void singleFile() throws Exception {
        Path file = Files.write(dir.resolve("single.bin"), random(100_000, 1));
        checkAgainstRealTools(file, "single.bin", 32 * 1024, false, false);
    }

    @Test
    void fileWhoseSizeIsAnExactMultipleOfThePieceLength() throws Exception {
        Path file = Files.write(dir.resolve("exact.bin"), random(8 * 32 * 1024, 2));
        checkAgainstRealTools(file, "renamed exact", 32 * 1024, false, false);
    }

    @Test
    void multiFileFolderWithNestedFoldersAndAnEmptyFile() throws Exception {
        Path src = Files.createDirectories(dir.resolve("tree/a/deeper/still"));
        Files.createDirectories(dir.resolve("tree/B"));
        Path tree = dir.resolve("tree");
        Files.write(tree.resolve("a/deeper/still/x.dat"), random(40_000, 3));
        Files.write(tree.resolve("a/one"), random(32 * 1024, 4));
        Files.write(tree.resolve("a b"), random(5, 5));
        Files.write(tree.resolve("a.txt"), random(17_000, 6));
        Files.write(tree.resolve("B/upper"), random(123, 7));
        if (TorrentCreatorTest.unicodeFileNames()) {
            Files.write(tree.resolve("\u00e9t\u00e9 \u2713"), random(3000, 8));
        }
        Files.createFile(tree.resolve("empty"));
        Files.createFile(src.resolve("empty too"));
        checkAgainstRealTools(tree, "tree", 32 * 1024, false, false);
        checkAgainstRealTools(tree, "private tree", 64 * 1024, true, false);
    }

    @Test
    void hiddenFilesIncludedMatchMktorrentWhichIncludesThem() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("hidden/.config"));
        Files.write(tree.resolve("settings"), random(1000, 9));
        Files.write(dir.resolve("hidden/.dotfile"), random(2000, 10));
        Files.write(dir.resolve("hidden/visible"), random(3000, 11));
        checkAgainstRealTools(dir.resolve("hidden"), "hidden", 32 * 1024, false, true);
    }

    private void checkAgainstRealTools(Path source, String name, int pieceLength, boolean isPrivate,
                                       boolean includeHidden) throws Exception {
        CreatedTorrent ours = TorrentCreator.create(source, CreateOptions.builder().name(name)
                .pieceLength(pieceLength).isPrivate(isPrivate).includeHidden(includeHidden)
                .addAnnounceTier(TRACKER).addAnnounceTier("udp://127.0.0.1:6969").threads(2).build());
        Path ourFile = Files.write(dir.resolve("ours-" + System.nanoTime() + ".torrent"), ours.torrentBytes());

        Path theirFile = dir.resolve("mktorrent-" + System.nanoTime() + ".torrent");
        List<String> command = new ArrayList<>(List.of("mktorrent", "-a", TRACKER, "-l",
                Integer.toString(Integer.numberOfTrailingZeros(pieceLength)), "-n", name, "-t", "1",
                "-o", theirFile.toString()));
        if (isPrivate) {
            command.add("-p");
        }
        command.add(source.toString());
        ProcessRunner.run(TIMEOUT, command, dir).requireSuccess();
        byte[] theirInfo = info(Files.readAllBytes(theirFile));
        assertEquals(new String(theirInfo, StandardCharsets.ISO_8859_1),
                new String(ours.infoBytes(), StandardCharsets.ISO_8859_1), "info dictionary vs mktorrent");
        assertArrayEquals(theirInfo, ours.infoBytes());

        String show = ProcessRunner.run(TIMEOUT, "transmission-show", ourFile.toString()).requireSuccess().stdout();
        assertEquals(ours.infoHashHex(), find(show, "Hash: ([0-9a-f]{40})"), show);
        assertEquals(Integer.toString(ours.pieceCount()), find(show, "Piece Count: (\\d+)"), show);

        String script = "import libtorrent as lt, sys\n"
                + "ti = lt.torrent_info(sys.argv[1])\n"
                + "print(ti.info_hashes().v1, ti.num_pieces(), ti.piece_length(), ti.total_size(), ti.num_files())\n";
        String lt = ProcessRunner.run(TIMEOUT, "/usr/bin/python3", "-c", script, ourFile.toString())
                .requireSuccess().stdout().strip();
        assertEquals(ours.infoHashHex() + " " + ours.pieceCount() + " " + pieceLength + " " + ours.totalLength()
                + " " + ours.files().size(), lt);
    }

    private static byte[] info(byte[] torrent) {
        Span span = Bencode.decodeDictionary(torrent, BencodeLimits.DEFAULT).spans().get("info");
        return Arrays.copyOfRange(torrent, span.start(), span.end());
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "(no match for " + regex + ")";
    }
}

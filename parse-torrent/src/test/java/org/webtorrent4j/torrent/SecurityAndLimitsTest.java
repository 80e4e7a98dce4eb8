package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtorrent4j.torrent.TestTorrents.multiFileInfo;
import static org.webtorrent4j.torrent.TestTorrents.singleFileInfo;
import static org.webtorrent4j.torrent.TestTorrents.torrent;
import static org.webtorrent4j.torrent.TestTorrents.with;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.bencode.Bencode;

class SecurityAndLimitsTest {

    static Stream<Arguments> escapingPaths() {
        return Stream.of(
                Arguments.of(List.of("..", "etc", "passwd"), "'..' path component"),
                Arguments.of(List.of("a", "..", "..", "b"), "'..' path component"),
                Arguments.of(List.of(".", "a"), "'.' path component"),
                Arguments.of(List.of("", "etc", "passwd"), "empty path component"),
                Arguments.of(List.of("a", "", "b"), "empty path component"),
                Arguments.of(List.of("/etc/passwd"), "containing '/'"),
                Arguments.of(List.of("a/../../b"), "containing '/'"),
                Arguments.of(List.of("..\\..\\windows"), "containing '\\'"),
                Arguments.of(List.of("C:\\Windows"), "containing '\\'"),
                Arguments.of(List.of("C:evil.exe"), "drive letter 'C:'"),
                Arguments.of(List.of("d:"), "drive letter 'd:'"),
                Arguments.of(List.of("a\0b"), "NUL"),
                Arguments.of(List.of("line\nbreak"), "control character 0xa"));
    }

    @ParameterizedTest
    @MethodSource("escapingPaths")
    void filePathsThatCouldEscapeAreRejected(List<String> path, String expected) {
        Object[] file = Stream.concat(path.stream(), Stream.of(5L)).toArray();
        byte[] data = torrent(multiFileInfo("folder", List.<Object[]>of(file)));
        InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Torrent.parse(data));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("escapingPaths")
    void namesThatCouldEscapeAreRejected(List<String> path, String expected) {
        String name = String.join("/", path);
        if (path.size() > 1) {
            return; // a multi-component name is covered as '/' in one component
        }
        byte[] data = torrent(singleFileInfo(name, 5));
        InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Torrent.parse(data));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void utf8PathVariantIsCheckedToo() {
        Map<String, Object> info = multiFileInfo("folder", List.<Object[]>of(new Object[] {"ok.txt", 5L}));
        @SuppressWarnings("unchecked")
        Map<String, Object> file = new java.util.LinkedHashMap<>((Map<String, Object>) ((List<?>) info.get("files")).get(0));
        file.put("path.utf-8", List.of("..", "x"));
        byte[] data = torrent(with(info, "files", List.of(file)));
        assertThrows(InvalidTorrentException.class, () -> Torrent.parse(data));
        byte[] nameUtf8 = torrent(with(singleFileInfo("ok", 5), "name.utf-8", ".."));
        assertThrows(InvalidTorrentException.class, () -> Torrent.parse(nameUtf8));
    }

    @Test
    void symbolicLinksAreRejected() {
        Map<String, Object> info = multiFileInfo("folder", List.<Object[]>of(new Object[] {"link", 0L}, new Object[] {"f", 5L}));
        @SuppressWarnings("unchecked")
        Map<String, Object> link = new java.util.LinkedHashMap<>((Map<String, Object>) ((List<?>) info.get("files")).get(0));
        link.put("attr", "l");
        link.put("symlink path", List.of("..", "..", "etc"));
        byte[] data = torrent(with(info, "files", List.of(link, ((List<?>) info.get("files")).get(1))));
        InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Torrent.parse(data));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }

    @Test
    void duplicateAndConflictingPathsAreRejected() {
        byte[] dup = torrent(multiFileInfo("f", List.<Object[]>of(new Object[] {"a", 1L}, new Object[] {"a", 2L})));
        assertTrue(assertThrows(InvalidTorrentException.class, () -> Torrent.parse(dup)).getMessage().contains("two files"));
        byte[] conflict = torrent(multiFileInfo("f", List.<Object[]>of(new Object[] {"a", 1L}, new Object[] {"a", "b", 2L})));
        assertTrue(assertThrows(InvalidTorrentException.class, () -> Torrent.parse(conflict)).getMessage()
                .contains("both a file and the folder"));
    }

    @Test
    void ordinaryUnusualNamesAreAccepted() {
        byte[] data = torrent(multiFileInfo("Movie: Part 2", List.<Object[]>of(
                new Object[] {"..hidden..", 1L}, new Object[] {"ab: cd", 1L}, new Object[] {"日本語 ✓.txt", 1L})));
        Torrent t = Torrent.parse(data);
        assertEquals("Movie: Part 2/日本語 ✓.txt", t.userFiles().get(2).displayPath());
    }

    @Test
    void unsortedInfoKeysHashTheRawBytes() throws Exception {
        // keys out of order: 'pieces' before 'name' before 'length'; a re-encoding would sort them.
        byte[] pieces = new byte[20];
        String info = "d6:pieces20:" + new String(pieces, StandardCharsets.ISO_8859_1)
                + "4:name5:a.txt12:piece lengthi16384e6:lengthi5ee";
        byte[] raw = info.getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = ("d4:info" + info + "e").getBytes(StandardCharsets.ISO_8859_1);
        Torrent t = Torrent.parse(data);
        String expected = org.webtorrent4j.magnet.HashText.toHex(java.security.MessageDigest.getInstance("SHA-1").digest(raw));
        assertEquals(expected, t.infoHashV1().orElseThrow().hex());
        String resorted = org.webtorrent4j.magnet.HashText.toHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(Bencode.encode(Bencode.decode(raw))));
        assertTrue(!expected.equals(resorted), "the test needs a hash that differs from the canonical one");
        assertEquals(t.infoHashV1(), Torrent.parse(t.toTorrentBytes()).infoHashV1(), "encoding keeps the raw info");
    }

    static Stream<Arguments> invalidTorrents() {
        Map<String, Object> ok = singleFileInfo("a", 40000);
        return Stream.of(
                Arguments.of(new byte[0], "not a valid .torrent"),
                Arguments.of("i3e".getBytes(StandardCharsets.US_ASCII), "not a valid .torrent"),
                Arguments.of(Bencode.encode(Map.of("announce", "x")), "no 'info'"),
                Arguments.of(Bencode.encode(Map.of("info", "x")), "'info' must be a dictionary"),
                Arguments.of(torrent(with(ok, "name", null)), "no 'name'"),
                Arguments.of(torrent(with(ok, "piece length", null)), "no 'piece length'"),
                Arguments.of(torrent(with(ok, "piece length", 0L)), "'piece length' must be positive"),
                Arguments.of(torrent(with(ok, "piece length", -16384L)), "'piece length' must be positive"),
                Arguments.of(torrent(with(ok, "length", -1L)), "'length' is negative"),
                Arguments.of(torrent(with(singleFileInfo("a", 0), "pieces", new byte[0])), "total length of 0"),
                Arguments.of(torrent(with(ok, "length", null)), "neither 'length' nor 'files'"),
                Arguments.of(torrent(with(ok, "pieces", null)), "neither 'pieces'"),
                Arguments.of(torrent(with(ok, "pieces", new byte[59])), "not a multiple of 20"),
                Arguments.of(torrent(with(ok, "pieces", new byte[40])), "holds 2 hashes but a length of 40000 in pieces of 16384 needs 3"),
                Arguments.of(torrent(with(ok, "pieces", new byte[80])), "holds 4 hashes"),
                Arguments.of(torrent(with(ok, "name", 5L)), "'name' must be a byte string"),
                Arguments.of(torrent(with(ok, "length", "5")), "'length' must be an integer"),
                Arguments.of(torrent(with(ok, "meta version", 3L)), "unsupported 'meta version' 3"),
                Arguments.of(torrent(multiFileInfo("f", List.<Object[]>of(new Object[] {"a", Long.MAX_VALUE},
                        new Object[] {"b", 2L}))), "more than 2^63-1"),
                Arguments.of(torrent(multiFileInfo("f", List.<Object[]>of(new Object[] {"a", -5L}))), "is negative"),
                Arguments.of(torrent(with(multiFileInfo("f", List.of()), "pieces", new byte[20])), "'files' is empty"),
                Arguments.of("d4:infod4:name1:ai1ei2eee".getBytes(StandardCharsets.US_ASCII), "dictionary key must be a byte string"));
    }

    @ParameterizedTest
    @MethodSource("invalidTorrents")
    void invalidTorrentsSayWhatIsWrong(byte[] data, String expected) {
        InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Torrent.parse(data));
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void limits() {
        byte[] big = torrent(singleFileInfo("a", 16384L * 100));
        assertMessage(() -> Torrent.parse(big, TorrentLimits.DEFAULT.withMaxTorrentBytes(1000)), "exceeds the limit of 1000");
        assertMessage(() -> Torrent.parse(big, TorrentLimits.DEFAULT.withMaxPieces(99)), "100 pieces exceed the limit of 99");
        assertEquals(100, Torrent.parse(big, TorrentLimits.DEFAULT.withMaxPieces(100)).pieceCount());
        byte[] files = torrent(multiFileInfo("f", List.<Object[]>of(new Object[] {"a", 1L}, new Object[] {"b", 1L},
                new Object[] {"c", 1L})));
        assertMessage(() -> Torrent.parse(files, TorrentLimits.DEFAULT.withMaxFiles(2)), "3 files exceed the limit of 2");
        assertMessage(() -> Torrent.parse(files, TorrentLimits.DEFAULT.withMaxDepth(3)), "nesting deeper than 3");
        assertMessage(() -> Torrent.parse(big, TorrentLimits.DEFAULT.withMaxPieceLength(8192)), "exceeds the limit of 8192");
        byte[] deep = ("d4:info" + "l".repeat(200) + "e".repeat(200) + "e").getBytes(StandardCharsets.US_ASCII);
        assertMessage(() -> Torrent.parse(deep), "nesting deeper than 100");
    }

    @Test
    void oversizedStreamsAndFilesAreRefusedWithoutReadingThemWhole(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.io.InputStream endless = new java.io.InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        assertMessage(() -> Torrent.parse(endless), "more than the limit of 52428800 bytes");
        java.nio.file.Path sparse = dir.resolve("huge.torrent");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(TorrentLimits.DEFAULT.maxTorrentBytes() + 1L);
        }
        assertMessage(() -> Torrent.parse(sparse), "more than the limit of 52428800");
    }

    @Test
    void v2LimitsAndRules() {
        Torrent v2 = Torrent.parse(TestTorrents.resource("v2only.torrent"));
        assertMessage(() -> Torrent.parse(TestTorrents.resource("v2only.torrent"), TorrentLimits.DEFAULT.withMaxFiles(2)),
                "more than 2 files");
        Map<String, Object> info = new java.util.LinkedHashMap<>(Bencode.decodeDictionary(v2.rawInfo()));
        assertMessage(() -> Torrent.parse(torrent(with(info, "piece length", 16385L))), "power of two");
        assertMessage(() -> parseTree(info, Map.of()), "'file tree' is empty");
        Map<String, Object> leaf = Map.of("length", 1L, "pieces root", new byte[32]);
        assertMessage(() -> parseTree(info, Map.of("..", Map.of("", leaf))), "'..' path component");
        assertMessage(() -> parseTree(info, Map.of("x", Map.of("", Map.of("length", 1L)))), "32-byte 'pieces root'");
        assertMessage(() -> parseTree(info, Map.of("x", Map.of("", leaf, "y", Map.of()))), "mixes a file and a folder");
        assertMessage(() -> parseTree(info, Map.of("x", Map.of("", Map.of("length", -1L)))), "is negative");
        assertMessage(() -> parseTree(info, Map.of("x", Map.of("", Map.of("length", 1L, "pieces root", new byte[32],
                "attr", "l")))), "symbolic link");
        // Equal roots mean equal content: a short file's one-piece layer must not stand in for a long one's.
        byte[] root = new byte[32];
        java.util.Arrays.fill(root, (byte) 7);
        assertMessage(() -> parseTree(info, Map.of("a", Map.of("", Map.of("length", 100L, "pieces root", root)),
                "b", Map.of("", Map.of("length", 3L * 16384, "pieces root", root)))), "share a 'pieces root' but not a length");
    }

    @Test
    void longListsAreBoundedAndCheapToParse() {
        Map<String, Object> info = singleFileInfo("a", 16384L);
        List<Object> urls = new java.util.ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            urls.add(("http://seed.example/" + (i % 50_000)).getBytes(StandardCharsets.UTF_8));
        }
        Map<String, Object> top = new java.util.LinkedHashMap<>();
        top.put("info", info);
        top.put("url-list", urls);
        Torrent t = Torrent.parse(Bencode.encode(top)); // was quadratic: about 9 s
        assertEquals(TorrentParser.MAX_URLS, t.urlList().size());
        assertEquals("http://seed.example/0", t.urlList().get(0));
        List<Object> path = java.util.Collections.nCopies(FilePaths.MAX_COMPONENTS + 1, "d");
        byte[] deep = torrent(Map.of("files", List.of(Map.of("length", 1L, "path", path)), "name", "n",
                "piece length", 16384L, "pieces", new byte[20]));
        assertMessage(() -> Torrent.parse(deep), "path of 256 components, more than 255");
    }

    private static Torrent parseTree(Map<String, Object> info, Map<String, Object> tree) {
        return Torrent.parse(torrent(with(info, "file tree", tree)));
    }

    @Test
    void metadataMustMatchTheInfoHash() {
        Torrent leaves = Torrent.parse(org.webtorrent4j.testkit.Fixtures.bytes("leaves.torrent"));
        Torrent alice = Torrent.parse(org.webtorrent4j.testkit.Fixtures.bytes("alice.torrent"));
        Torrent magnet = Torrent.parse(leaves.infoHashV1().orElseThrow().hex());
        assertMessage(() -> magnet.withMetadata(alice.rawInfo()), "does not match v1 info-hash");
        Torrent completed = magnet.withMetadata(leaves.rawInfo());
        assertTrue(completed.hasMetadata());
        assertEquals(leaves.files(), completed.files());
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String expected) {
        InvalidTorrentException ex = assertThrows(InvalidTorrentException.class, e);
        assertTrue(ex.getMessage().contains(expected), "'" + ex.getMessage() + "' should contain '" + expected + "'");
    }
}

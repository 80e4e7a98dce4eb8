package org.webtorrent4j.torrent.create;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.bencode.Span;

class TorrentCreatorTest {
    private static final int KIB16 = 16 * 1024;

    @TempDir
    Path dir;

    private static CreateOptions.Builder fixed() {
        return CreateOptions.builder().creationDate(Optional.of(Instant.ofEpochSecond(1_700_000_000L)));
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** SHA-1 of each piece of {@code data}, computed independently of the creator. */
    private static byte[] expectedPieces(byte[] data, int pieceLength) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < data.length; off += pieceLength) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(data, off, Math.min(pieceLength, data.length - off));
            out.write(sha1.digest());
        }
        return out.toByteArray();
    }

    private static Map<String, Object> info(CreatedTorrent t) {
        return BencodedDictionary.dictionary(Bencode.decodeDictionary(t.torrentBytes()), "info");
    }

    @Test
    void singleFilePieceHashesMatchAnIndependentSha1() throws Exception {
        byte[] data = random(3 * KIB16 + 1234, 1);
        Path file = Files.write(dir.resolve("data.bin"), data);
        CreatedTorrent t = TorrentCreator.create(file, fixed().pieceLength(KIB16).build());

        Map<String, Object> info = info(t);
        assertArrayEquals(expectedPieces(data, KIB16), BencodedDictionary.bytes(info, "pieces"));
        assertEquals(data.length, BencodedDictionary.integer(info, "length"));
        assertEquals("data.bin", BencodedDictionary.string(info, "name"));
        assertEquals(KIB16, BencodedDictionary.integer(info, "piece length"));
        assertNull(info.get("files"));
        assertNull(info.get("private"));
        assertEquals(4, t.pieceCount());
        assertEquals(KIB16, t.pieceLength());
        assertEquals(data.length, t.totalLength());
    }

    @Test
    void piecesCrossFileBoundariesIncludingEmptyFiles() throws Exception {
        int[] sizes = {10_000, 0, 30_000, 5, KIB16, 0, 1, 50_000, 0};
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = random(sizes[i], 100 + i);
            all.write(data);
            Files.write(dir.resolve(String.format("f%02d", i)), data);
        }
        for (int threads : new int[] {1, 2, 5}) {
            CreatedTorrent t = TorrentCreator.create(dir, fixed().pieceLength(KIB16).threads(threads).build());
            assertArrayEquals(expectedPieces(all.toByteArray(), KIB16),
                    BencodedDictionary.bytes(info(t), "pieces"), "threads " + threads);
            assertEquals(sizes.length, BencodedDictionary.list(info(t), "files").size());
        }
    }

    @Test
    void piecesLargerThanTheReadBufferAreReadInSeveralChunks() throws Exception {
        int pieceLength = 1 << 20;
        int[] sizes = {PieceHasher.CHUNK + 17, 3 * PieceHasher.CHUNK - 5, 1_500_000, 1};
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = random(sizes[i], 200 + i);
            all.write(data);
            Files.write(dir.resolve("g" + i), data);
        }
        CreatedTorrent t = TorrentCreator.create(dir, fixed().pieceLength(pieceLength).threads(2).build());
        assertArrayEquals(expectedPieces(all.toByteArray(), pieceLength), BencodedDictionary.bytes(info(t), "pieces"));
        assertEquals(3, t.pieceCount());
    }

    @Test
    void fileWhoseSizeIsAnExactMultipleOfThePieceLength() throws Exception {
        byte[] data = random(4 * KIB16, 7);
        Path file = Files.write(dir.resolve("exact"), data);
        CreatedTorrent t = TorrentCreator.create(file, fixed().pieceLength(KIB16).build());
        assertEquals(4, t.pieceCount());
        assertArrayEquals(expectedPieces(data, KIB16), BencodedDictionary.bytes(info(t), "pieces"));
    }

    @Test
    void nestedFoldersAreListedByFullPathInByteOrderLikeMktorrent() throws Exception {
        Files.createDirectories(dir.resolve("a/z"));
        Files.createDirectories(dir.resolve("B"));
        List<String> names = new ArrayList<>(List.of("a/z/q", "a.txt", "a b", "B/x", "Z.txt", "empty"));
        if (unicodeFileNames()) {
            names.add("\u00e9t\u00e9");
        }
        for (String name : names) {
            Files.writeString(dir.resolve(name), name.equals("empty") ? "" : name);
        }
        CreatedTorrent t = TorrentCreator.create(dir, fixed().pieceLength(KIB16).build());
        List<String> order = t.files().stream().map(f -> String.join("/", f.path())).toList();
        // '/' (0x2f) sorts after ' ' and '.', upper case before lower case, UTF-8 after ASCII.
        List<String> expected = new ArrayList<>(List.of("B/x", "Z.txt", "a b", "a.txt", "a/z/q", "empty"));
        if (unicodeFileNames()) {
            expected.add("\u00e9t\u00e9");
        }
        assertEquals(expected, order);
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) BencodedDictionary.list(info(t), "files").get(0);
        assertEquals(2, BencodedDictionary.list(first, "path").size());
    }

    @Test
    void automaticPieceLengthTable() {
        long mib = 1024 * 1024;
        assertEquals(KIB16, TorrentCreator.autoPieceLength(0));
        assertEquals(KIB16, TorrentCreator.autoPieceLength(1));
        assertEquals(KIB16, TorrentCreator.autoPieceLength(2000L * KIB16));
        assertEquals(2 * KIB16, TorrentCreator.autoPieceLength(2000L * KIB16 + 1));
        assertEquals(512 * 1024, TorrentCreator.autoPieceLength(700 * mib));
        assertEquals(mib, TorrentCreator.autoPieceLength(1024 * mib));
        assertEquals(4 * mib, TorrentCreator.autoPieceLength(4096 * mib));
        assertEquals(16 * mib, TorrentCreator.autoPieceLength(100L * 1024 * 1024 * mib));
        for (long total = 40 * mib; total <= 32 * 1024 * mib; total = total * 3 / 2) {
            int p = TorrentCreator.autoPieceLength(total);
            long pieces = (total + p - 1) / p;
            assertTrue(pieces > 1000 && pieces <= 2000, total + " -> " + p + " (" + pieces + " pieces)");
            assertEquals(1, Integer.bitCount(p));
        }
        assertThrows(IllegalArgumentException.class, () -> TorrentCreator.autoPieceLength(-1));
    }

    @Test
    void automaticPieceLengthIsUsedWhenNoneIsGiven() throws Exception {
        Path file = Files.write(dir.resolve("f"), random(100_000, 3));
        assertEquals(KIB16, TorrentCreator.create(file, fixed().build()).pieceLength());
    }

    @Test
    void outputIsDeterministic() throws Exception {
        Files.createDirectories(dir.resolve("src/sub"));
        Files.write(dir.resolve("src/one"), random(70_000, 4));
        Files.write(dir.resolve("src/sub/two"), random(33_333, 5));
        CreateOptions options = fixed().addAnnounceTier("http://127.0.0.1:1/announce").build();
        CreatedTorrent a = TorrentCreator.create(dir.resolve("src"), options);
        CreatedTorrent b = TorrentCreator.create(dir.resolve("src"), options.toBuilder().threads(1).build());
        assertArrayEquals(a.torrentBytes(), b.torrentBytes());
        assertEquals(a.infoHashHex(), b.infoHashHex());
    }

    @Test
    void torrentHoldsExactlyTheInfoBytesWhoseHashIsTheInfoHash() throws Exception {
        Path file = Files.write(dir.resolve("f"), random(50_000, 6));
        CreatedTorrent t = TorrentCreator.create(file, fixed().build());
        byte[] torrent = t.torrentBytes();
        Span span = Bencode.decodeDictionary(torrent, BencodeLimits.DEFAULT).spans().get("info");
        assertArrayEquals(t.infoBytes(), Arrays.copyOfRange(torrent, span.start(), span.end()));
        assertArrayEquals(MessageDigest.getInstance("SHA-1").digest(t.infoBytes()), t.infoHash());
        assertEquals(40, t.infoHashHex().length());
    }

    @Test
    void hiddenFilesAndFoldersAreLeftOutUnlessIncluded() throws Exception {
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/config"), "x");
        Files.writeString(dir.resolve(".hidden"), "y");
        Files.writeString(dir.resolve("visible"), "z");
        assertEquals(List.of("visible"), paths(TorrentCreator.create(dir, fixed().build())));
        assertEquals(List.of(".git/config", ".hidden", "visible"),
                paths(TorrentCreator.create(dir, fixed().includeHidden(true).build())));
    }

    @Test
    void hiddenSourceIsIncludedBecauseTheUserNamedIt() throws Exception {
        Path hidden = Files.createDirectories(dir.resolve(".stuff"));
        Files.writeString(hidden.resolve("a"), "data");
        CreatedTorrent t = TorrentCreator.create(hidden, fixed().build());
        assertEquals(".stuff", t.name());
        assertEquals(List.of("a"), paths(t));
    }

    @Test
    void symbolicLinksAreFollowedOnlyToFilesInsideTheFolder() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("real"), "inside");
        Files.createDirectories(src.resolve("sub"));
        Path outside = Files.writeString(dir.resolve("secret"), "outside");
        Files.createSymbolicLink(src.resolve("inside-link"), src.resolve("real"));
        Files.createSymbolicLink(src.resolve("outside-link"), outside);
        Files.createSymbolicLink(src.resolve("dir-link"), src.resolve("sub"));
        Files.createSymbolicLink(src.resolve("loop"), src);
        Files.createSymbolicLink(src.resolve("broken"), dir.resolve("missing"));
        CreatedTorrent t = TorrentCreator.create(src, fixed().build());
        assertEquals(List.of("inside-link", "real"), paths(t));
        assertEquals(List.of("broken: broken symbolic link",
                "dir-link: symbolic link to something other than a regular file",
                "loop: symbolic link to something other than a regular file",
                "outside-link: symbolic link to outside the source folder"), t.skipped());
        assertEquals(12, t.totalLength());
    }

    @Test
    void pipesAreSkippedRatherThanReadForEver() throws Exception {
        Files.writeString(dir.resolve("file"), "data");
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
        assertEquals(0, mkfifo.waitFor());
        CreatedTorrent t = TorrentCreator.create(dir, fixed().build());
        assertEquals(List.of("file"), paths(t));
        assertEquals(List.of("pipe: not a regular file"), t.skipped());
        assertThrows(TorrentCreateException.class, () -> TorrentCreator.create(dir.resolve("pipe")));
    }

    @Test
    void sourceThatIsALinkIsFollowed() throws Exception {
        Path file = Files.writeString(dir.resolve("target.txt"), "hello");
        Path link = Files.createSymbolicLink(dir.resolve("link.txt"), file);
        CreatedTorrent t = TorrentCreator.create(link, fixed().build());
        assertEquals("link.txt", t.name());
        assertEquals(5, t.totalLength());
    }

    @Test
    void unsafeNamesAreRefused() throws Exception {
        Files.writeString(dir.resolve("back\\slash"), "x");
        TorrentCreateException e = assertThrows(TorrentCreateException.class,
                () -> TorrentCreator.create(dir, fixed().build()));
        assertTrue(e.getMessage().contains("path separator"), e.getMessage());

        Path file = Files.writeString(dir.resolve("ok"), "x");
        for (String name : List.of("a/b", "a\\b", "..", ".", "", "nul\0byte", "new\nline")) {
            assertThrows(TorrentCreateException.class,
                    () -> TorrentCreator.create(file, fixed().name(name).build()), name);
        }
    }

    /** Names our own parser refuses, or would take for padding, never go into a torrent. */
    @Test
    void namesAParserWouldRefuseOrTakeForPaddingAreRefused() throws Exception {
        for (String name : List.of("c:notes.txt", "_____padding_file_0_notes.txt")) {
            Path folder = Files.createDirectories(dir.resolve("share-" + name.length()));
            Files.writeString(folder.resolve(name), "real data");
            Files.writeString(folder.resolve("b.txt"), "hello");
            TorrentCreateException e = assertThrows(TorrentCreateException.class, () -> TorrentCreator.create(folder, fixed().build()));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void badInputGetsATypedException() throws Exception {
        assertThrows(TorrentCreateException.class, () -> TorrentCreator.create(dir.resolve("missing")));
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(assertThrows(TorrentCreateException.class, () -> TorrentCreator.create(empty))
                .getMessage().contains("no files"));
        Files.createFile(empty.resolve("zero"));
        assertTrue(assertThrows(TorrentCreateException.class, () -> TorrentCreator.create(empty))
                .getMessage().contains("empty"));
        for (int bad : new int[] {-1, 1, 8192, 16385, 3 * KIB16, 128 * 1024 * 1024}) {
            assertThrows(TorrentCreateException.class, () -> CreateOptions.builder().pieceLength(bad).build(),
                    "piece length " + bad);
        }
        assertThrows(TorrentCreateException.class, () -> CreateOptions.builder().threads(0).build());
        assertThrows(TorrentCreateException.class, () -> CreateOptions.builder().addAnnounceTier(" ").build());
        assertThrows(TorrentCreateException.class, () -> CreateOptions.builder().addUrl("http://x/\nmore").build());
    }

    @Test
    void metainfoRoundTripsThroughTheBencodeDecoder() throws Exception {
        Path file = Files.write(dir.resolve("movie.mkv"), random(40_000, 8));
        CreateOptions options = fixed()
                .addAnnounceTier("http://127.0.0.1:1/a", "http://127.0.0.1:2/a")
                .addAnnounceTier("udp://127.0.0.1:3")
                .addUrl("http://127.0.0.1:4/movie.mkv")
                .isPrivate(true)
                .comment("a comment \u2713")
                .name("film.mkv")
                .build();
        CreatedTorrent t = TorrentCreator.create(file, options);
        Map<String, Object> m = Bencode.decodeDictionary(t.torrentBytes());
        assertEquals("http://127.0.0.1:1/a", BencodedDictionary.string(m, "announce"));
        assertEquals(List.of(List.of("http://127.0.0.1:1/a", "http://127.0.0.1:2/a"), List.of("udp://127.0.0.1:3")),
                strings(BencodedDictionary.list(m, "announce-list")));
        assertEquals(List.of("http://127.0.0.1:4/movie.mkv"), strings(BencodedDictionary.list(m, "url-list")));
        assertEquals("a comment \u2713", BencodedDictionary.string(m, "comment"));
        assertEquals(CreateOptions.DEFAULT_CREATED_BY, BencodedDictionary.string(m, "created by"));
        assertEquals(1_700_000_000L, BencodedDictionary.integer(m, "creation date"));
        Map<String, Object> info = BencodedDictionary.dictionary(m, "info");
        assertEquals(List.of("length", "name", "piece length", "pieces", "private"), List.copyOf(info.keySet()));
        assertEquals(1L, BencodedDictionary.integer(info, "private"));
        assertEquals("film.mkv", BencodedDictionary.string(info, "name"));
        assertEquals(40_000L, BencodedDictionary.integer(info, "length"));
        assertEquals(3 * 20, BencodedDictionary.bytes(info, "pieces").length);
    }

    @Test
    void optionalKeysCanBeLeftOut() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "data");
        CreatedTorrent t = TorrentCreator.create(file,
                CreateOptions.builder().noCreationDate().createdBy(null).addAnnounceTier("http://127.0.0.1:1/a").build());
        Map<String, Object> m = Bencode.decodeDictionary(t.torrentBytes());
        assertEquals(List.of("announce", "info"), List.copyOf(m.keySet()));
        assertFalse(m.containsKey("announce-list"));
    }

    /** Whether this JVM can name files outside ASCII (it follows the locale: LANG=C gives ASCII only). */
    static boolean unicodeFileNames() {
        return "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
    }

    private static List<String> paths(CreatedTorrent t) {
        return t.files().stream().map(f -> String.join("/", f.path())).toList();
    }

    private static Object strings(Object value) {
        if (value instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return ((List<?>) value).stream().map(TorrentCreatorTest::strings).toList();
    }
}

package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.testkit.Fixtures;

/**
 * The shared fixtures, with values cross-checked against transmission-show 3.00 and
 * python3-libtorrent 2.0.8 (run once in a loopback-only namespace; the interop test
 * {@code ReferenceClientsInteropTest} repeats the comparison live).
 */
class FixtureTorrentsTest {

    @Test
    void alice() throws Exception {
        Torrent t = Torrent.parse(Fixtures.path("alice.torrent"));
        assertTrue(t.hasMetadata());
        assertEquals("722fe65b2aa26d14f35b4ad627d20236e481d924", t.infoHashV1().orElseThrow().hex());
        assertTrue(t.infoHashV2().isEmpty());
        assertEquals("alice.txt", t.name());
        assertEquals(163783, t.length());
        assertEquals(16384, t.pieceLength());
        assertEquals(10, t.pieceCount());
        assertEquals(16327, t.lastPieceLength());
        assertFalse(t.isPrivate());
        // alice's creator wrote milliseconds: read as seconds, as libtorrent and transmission do.
        assertEquals(Optional.of(Instant.ofEpochSecond(1452468725091L)), t.creationDate());
        assertEquals(List.of(file("alice.txt", 163783, 0)), summary(t.userFiles()));
        assertFalse(t.isMultiFile());
        assertEquals("UTF-8", t.encoding());
    }

    @Test
    void leaves() throws Exception {
        Torrent t = Torrent.parse(new ByteArrayInputStream(Fixtures.bytes("leaves.torrent")));
        assertEquals("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36", t.infoHashV1().orElseThrow().hex());
        assertEquals("Leaves of Grass by Walt Whitman.epub", t.name());
        assertEquals(362017, t.length());
        assertEquals(23, t.pieceCount());
        assertEquals(1569, t.lastPieceLength());
        assertEquals("uTorrent/3300", t.createdBy());
        assertEquals(Optional.of(Instant.ofEpochSecond(1375363666)), t.creationDate());
        assertEquals(List.of(), t.announce());
        assertEquals(List.of(file("Leaves of Grass by Walt Whitman.epub", 362017, 0)), summary(t.userFiles()));
    }

    @Test
    void leavesMetadataHasTheSameInfoAsLeaves() {
        Torrent full = Torrent.parse(Fixtures.bytes("leaves.torrent"));
        Torrent meta = Torrent.parse(Fixtures.bytes("leaves-metadata.torrent"));
        assertEquals(full.infoHashV1(), meta.infoHashV1());
        assertArrayEquals(full.rawInfo(), meta.rawInfo());
        assertTrue(meta.creationDate().isEmpty());
        assertEquals(null, meta.createdBy());
    }

    @Test
    void numbers() {
        Torrent t = Torrent.parse(Fixtures.bytes("numbers.torrent"));
        assertEquals("89d97c2261a21b040cf11caa661a3ba7233bb7e6", t.infoHashV1().orElseThrow().hex());
        assertEquals("numbers", t.name());
        assertTrue(t.isMultiFile());
        assertEquals(6, t.length());
        assertEquals(1, t.pieceCount());
        assertEquals(6, t.lastPieceLength());
        assertEquals(List.of(file("numbers/1.txt", 1, 0), file("numbers/2.txt", 2, 1), file("numbers/3.txt", 3, 3)),
                summary(t.userFiles()));
        assertEquals(List.of("numbers", "1.txt"), t.files().get(0).path());
    }

    @Test
    void folder() {
        Torrent t = Torrent.parse(Fixtures.bytes("folder.torrent"));
        assertEquals("b88da2caac6648e6c7d7687e3f89085f7e230e6b", t.infoHashV1().orElseThrow().hex());
        assertEquals(List.of(file("folder/file.txt", 15, 0)), summary(t.userFiles()));
    }

    @Test
    void lotsOfNumbers() {
        Torrent t = Torrent.parse(Fixtures.bytes("lots-of-numbers.torrent"));
        assertEquals("114ead6243792ba56297edbb9a78dfba84d4fc00", t.infoHashV1().orElseThrow().hex());
        assertEquals(12, t.length());
        assertEquals(List.of(
                file("lots-of-numbers/big numbers/10.txt", 2, 0),
                file("lots-of-numbers/big numbers/11.txt", 2, 2),
                file("lots-of-numbers/big numbers/12.txt", 2, 4),
                file("lots-of-numbers/small numbers/1.txt", 1, 6),
                file("lots-of-numbers/small numbers/2.txt", 2, 7),
                file("lots-of-numbers/small numbers/3.txt", 3, 9)), summary(t.userFiles()));
    }

    @Test
    void sintel() {
        Torrent t = Torrent.parse(Fixtures.bytes("sintel.torrent"));
        assertEquals("c334138ef5bfc2d568ea7324e0e2a3a7ec229bdd", t.infoHashV1().orElseThrow().hex());
        assertEquals(5490455272L, t.length());
        assertEquals(4194304, t.pieceLength());
        assertEquals(1310, t.pieceCount());
        assertEquals(111336, t.lastPieceLength());
        assertEquals("uTorrent/2040", t.createdBy());
        assertEquals(List.of("publisher", "publisher-url"), List.copyOf(new java.util.TreeMap<>(t.unknownFields()).keySet()));
    }

    @Test
    void bunnyIsPrivateWithAWebSeedAndUnknownInfoKeys() {
        Torrent t = Torrent.parse(Fixtures.bytes("bunny.torrent"));
        assertEquals("af8f10f30bf9aefecf3686922bfa0d5bd290a395", t.infoHashV1().orElseThrow().hex());
        assertEquals("bbb_sunflower_1080p_30fps_stereo_abl.mp4", t.name());
        assertEquals(434839491, t.length());
        assertEquals(524288, t.pieceLength());
        assertEquals(830, t.pieceCount());
        assertEquals(204739, t.lastPieceLength());
        assertTrue(t.isPrivate());
        assertEquals(List.of("http://distribution.bbb3d.renderfarming.net/video/mp4/bbb_sunflower_1080p_30fps_stereo_abl.mp4"),
                t.urlList());
        assertTrue(t.unknownInfoFields().keySet().containsAll(List.of("file-duration", "file-media", "profiles")));
        assertTrue(t.unknownFields().containsKey("website"));
    }

    @Test
    void corruptHasNoName() {
        InvalidTorrentException e = assertThrows(InvalidTorrentException.class,
                () -> Torrent.parse(Fixtures.bytes("corrupt.torrent")));
        assertTrue(e.getMessage().contains("no 'name'"), e.getMessage());
    }

    @Test
    void pieceHashesComeFromPieces() {
        Torrent t = Torrent.parse(Fixtures.bytes("leaves.torrent"));
        assertEquals("1f9c3f59beec079715ec53324bde8569e4a0b4eb", org.webtorrent4j.magnet.HashText.toHex(t.pieceHash(0)));
        assertThrows(IndexOutOfBoundsException.class, () -> t.pieceHash(23));
    }

    @Test
    void everyFixtureEncodesBackToItsOwnBytesWhenCanonical() {
        for (String name : List.of("alice", "leaves", "numbers", "folder", "sintel", "bunny", "lots-of-numbers",
                "leaves-metadata")) {
            byte[] original = Fixtures.bytes(name + ".torrent");
            Torrent t = Torrent.parse(original);
            byte[] encoded = t.toTorrentBytes();
            Torrent again = Torrent.parse(encoded);
            assertEquals(t, again, name);
            assertArrayEquals(t.rawInfo(), again.rawInfo(), name);
            if (java.util.Arrays.equals(original, org.webtorrent4j.bencode.Bencode.encode(
                    org.webtorrent4j.bencode.Bencode.decode(original)))) {
                assertArrayEquals(original, encoded, name + " is canonical, so its encoding must be identical");
            }
        }
    }

    @Test
    void magnetOfAFixture() {
        Torrent t = Torrent.parse(Fixtures.bytes("leaves.torrent"));
        assertEquals("magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36"
                + "&dn=Leaves%20of%20Grass%20by%20Walt%20Whitman.epub", t.toMagnetUri().toString());
    }

    static List<String> summary(List<TorrentFile> files) {
        return files.stream().map(f -> file(f.displayPath(), f.length(), f.offset())).toList();
    }

    static String file(String path, long length, long offset) {
        return path + " " + length + "@" + offset;
    }
}

package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.webtorrent4j.torrent.FixtureTorrentsTest.file;
import static org.webtorrent4j.torrent.FixtureTorrentsTest.summary;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.magnet.HashText;

/**
 * BEP 52 v2-only and hybrid torrents and BEP 47 padding, made with python3-libtorrent 2.0.8
 * (src/test/interop/make-v2-torrents.py); expected values are what libtorrent computed.
 */
class V2AndHybridTest {
    private static final List<String> LIBTORRENT_LAYOUT = List.of(
            file("multi/a.bin", 20000, 0), file("multi/.pad/12768", 12768, 20000),
            file("multi/sub/b.txt", 5, 32768), file("multi/.pad/16379", 16379, 32773),
            file("multi/sub/c.bin", 40000, 49152), file("multi/.pad/9152", 9152, 89152));
    private static final List<String> USER_FILES = List.of(file("multi/a.bin", 20000, 0),
            file("multi/sub/b.txt", 5, 32768), file("multi/sub/c.bin", 40000, 49152));

    @Test
    void hybrid() {
        Torrent t = Torrent.parse(TestTorrents.resource("hybrid.torrent"));
        assertEquals("a669f5e3be05826a964143a755d65074926dd156", t.infoHashV1().orElseThrow().hex());
        assertEquals("5651fa7604ba56365876423a35e6a185a3ff6756a700b46b1809af9f9e135c1e", t.infoHashV2().orElseThrow().hex());
        assertEquals(LIBTORRENT_LAYOUT, summary(t.files()));
        assertEquals(USER_FILES, summary(t.userFiles()));
        assertEquals(98304, t.length());
        assertEquals(6, t.pieceCount());
        assertEquals(20, t.pieceHash(5).length);
        assertEquals(32, t.userFiles().get(0).piecesRoot().length);
        assertEquals(List.of(List.of("http://127.0.0.1:6969/announce"), List.of("udp://127.0.0.1:6969")), t.announceTiers());
        assertEquals(List.of("http://127.0.0.1:8080/"), t.urlList());
        assertEquals("gen.py", t.createdBy());
        assertEquals("hand-made test torrent", t.comment());
        String magnet = t.toMagnetUri().toString();
        assertTrue(magnet.startsWith("magnet:?xt=urn:btih:a669f5e3be05826a964143a755d65074926dd156"
                + "&xt=urn:btmh:12205651fa7604ba56365876423a35e6a185a3ff6756a700b46b1809af9f9e135c1e&dn=multi"), magnet);
        assertArrayEquals(TestTorrents.resource("hybrid.torrent"), t.toTorrentBytes(), "libtorrent writes canonical bencode");
    }

    @Test
    void v2Only() {
        Torrent t = Torrent.parse(TestTorrents.resource("v2only.torrent"));
        assertTrue(t.infoHashV1().isEmpty());
        assertEquals("1b31d7a109fddbb20a6a7dd983bb2b52c635b8958434944234b284139af091ee", t.infoHashV2().orElseThrow().hex());
        assertEquals(LIBTORRENT_LAYOUT, summary(t.files()));
        assertEquals(USER_FILES, summary(t.userFiles()));
        assertEquals(6, t.pieceCount());
        // a.bin has two pieces, found in 'piece layers'; b.txt fits in one piece: its hash is its pieces root.
        assertEquals(32, t.pieceHash(1).length);
        assertArrayEquals(t.userFiles().get(1).piecesRoot(), t.pieceHash(2));
        assertTrue(t.toMagnetUri().toString().startsWith("magnet:?xt=urn:btmh:1220"));
        assertArrayEquals(TestTorrents.resource("v2only.torrent"), t.toTorrentBytes());
    }

    @Test
    void v2SingleFileHasNoPadding() {
        Torrent t = Torrent.parse(TestTorrents.resource("v2single.torrent"));
        assertEquals("00fbe55b9d03b5941b687f72179bd8f1a7e297e061b242da458270f9dc006a47", t.infoHashV2().orElseThrow().hex());
        assertEquals(List.of(file("single.bin", 50000, 0)), summary(t.files()));
        assertEquals(4, t.pieceCount());
        assertEquals(50000 - 3 * 16384, t.lastPieceLength());
    }

    @Test
    void v1WithPaddingFiles() {
        Torrent t = Torrent.parse(TestTorrents.resource("v1pad.torrent"));
        assertEquals("978f4ca3ff91ab940576432541882038484c27cd", t.infoHashV1().orElseThrow().hex());
        assertEquals(LIBTORRENT_LAYOUT, summary(t.files()));
        assertEquals(USER_FILES, summary(t.userFiles()));
        assertTrue(t.files().get(1).isPadding());
    }

    @Test
    void metadataForAV2MagnetIsVerifiedWithSha256() {
        Torrent full = Torrent.parse(TestTorrents.resource("hybrid.torrent"));
        Torrent magnet = Torrent.parse(full.toMagnetUri().toString());
        Torrent completed = magnet.withMetadata(full.rawInfo());
        assertEquals(full.infoHashV2(), completed.infoHashV2());
        assertEquals(full.files(), completed.files());
        Torrent v2only = Torrent.parse(TestTorrents.resource("v2only.torrent"));
        assertThrows(InvalidTorrentException.class, () -> magnet.withMetadata(v2only.rawInfo()));
        // v2 piece layers live outside the info dictionary: without them larger files have no piece hash.
        Torrent v2magnet = Torrent.parse("magnet:?xt=urn:btmh:1220" + v2only.infoHashV2().orElseThrow().hex());
        Torrent v2completed = v2magnet.withMetadata(v2only.rawInfo());
        assertThrows(IllegalStateException.class, () -> v2completed.pieceHash(0));
        assertEquals(HashText.toHex(v2only.pieceHash(2)), HashText.toHex(v2completed.pieceHash(2)));
    }

    @Test
    void hybridWhoseV1AndV2FilesDifferIsRejected() {
        byte[] data = TestTorrents.resource("hybrid.torrent");
        // Change c.bin's v1 length from 40000 to 40001: v1 no longer agrees with the v2 file tree.
        String text = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("d6:lengthi40000e4:pathl3:sub5:c.binee");
        assertTrue(at > 0);
        byte[] changed = text.replace("d6:lengthi40000e4:pathl3:sub5:c.binee", "d6:lengthi40001e4:pathl3:sub5:c.binee")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Torrent.parse(changed));
        assertTrue(e.getMessage().contains("hybrid torrent"), e.getMessage());
    }
}

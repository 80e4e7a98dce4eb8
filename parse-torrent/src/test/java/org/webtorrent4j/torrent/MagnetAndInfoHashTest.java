package org.webtorrent4j.torrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.testkit.Fixtures;

class MagnetAndInfoHashTest {
    private static final String LEAVES = "d2474e86c95b19b8bcfdb92bc12c9d44667cfa36";

    @Test
    void hexAndBase32InfoHashes() {
        Torrent hex = Torrent.parse(LEAVES.toUpperCase());
        Torrent b32 = Torrent.parse("2JDU5BWJLMM3RPH5XEV4CLE5IRTHZ6RW");
        assertFalse(hex.hasMetadata());
        assertEquals(LEAVES, hex.infoHashV1().orElseThrow().hex());
        assertEquals(hex.infoHashV1(), b32.infoHashV1());
        assertEquals(0, hex.length());
        assertEquals(List.of(), hex.files());
        assertEquals(null, hex.name());
        assertEquals("magnet:?xt=urn:btih:" + LEAVES, hex.toMagnetUri().toString());
        assertThrows(IllegalStateException.class, hex::toTorrentBytes);
        assertThrows(IllegalStateException.class, hex::rawInfo);
        assertEquals(InfoHash.fromBase32("2JDU5BWJLMM3RPH5XEV4CLE5IRTHZ6RW"), InfoHash.fromHex(LEAVES));
    }

    @Test
    void magnetKeepsItsHints() {
        String link = "magnet:?xt=urn:btih:" + LEAVES + "&dn=Leaves&tr=udp%3A%2F%2Ft1%3A80&tr=http%3A%2F%2Ft2%2Fa"
                + "&ws=http%3A%2F%2Fseed%2F&so=1";
        Torrent t = Torrent.parse(link);
        assertFalse(t.hasMetadata());
        assertEquals("Leaves", t.name());
        assertEquals(List.of("udp://t1:80", "http://t2/a"), t.announce());
        assertEquals(List.of("http://seed/"), t.urlList());
        assertEquals(link.replace("%3A", ":").replace("%2F", "/"), t.toMagnetUri().toString());

        Torrent full = t.withMetadata(Torrent.parse(Fixtures.bytes("leaves.torrent")).rawInfo());
        assertTrue(full.hasMetadata());
        assertEquals("Leaves of Grass by Walt Whitman.epub", full.name());
        assertEquals(List.of("udp://t1:80", "http://t2/a"), full.announce());
        Torrent reparsed = Torrent.parse(full.toTorrentBytes());
        assertEquals(full.infoHashV1(), reparsed.infoHashV1());
        assertEquals(full.announceTiers(), reparsed.announceTiers());
        assertEquals(List.of("http://seed/"), reparsed.urlList());
    }

    @Test
    void badStrings() {
        for (String s : List.of("", "hello", LEAVES.substring(1), LEAVES.replace('d', 'x'), "magnet:?dn=x",
                "2JDU5BWJLMM3RPH5XEV4CLE5IRTHZ6R1", "magnet:?xt=urn:btih:1234")) {
            InvalidTorrentException e = assertThrows(InvalidTorrentException.class, () -> Torrent.parse(s), s);
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void announceListWinsOverAnnounceAndIsDeduplicated() {
        java.util.Map<String, Object> top = new java.util.LinkedHashMap<>();
        top.put("announce", "http://only-if-no-list/");
        top.put("announce-list", List.of(List.of("http://a/", "http://b/"), List.of(), List.of("http://a/", "udp://c:1")));
        top.put("url-list", "http://single-web-seed/");
        top.put("httpseeds", List.of("http://hs/"));
        top.put("nodes", List.of(List.of("router.example", 6881L), List.of("bad", 0L), List.of("::1", 6881L)));
        top.put("comment.utf-8", "ç");
        top.put("comment", "c");
        top.put("info", TestTorrents.singleFileInfo("a", 5));
        Torrent t = Torrent.parse(org.webtorrent4j.bencode.Bencode.encode(top));
        assertEquals(List.of(List.of("http://a/", "http://b/"), List.of("udp://c:1")), t.announceTiers());
        assertEquals(List.of("http://a/", "http://b/", "udp://c:1"), t.announce());
        assertEquals(List.of("http://single-web-seed/"), t.urlList());
        assertEquals(List.of("http://hs/"), t.httpSeeds());
        assertEquals("[::1]:6881", t.nodes().get(1).toString());
        assertEquals(2, t.nodes().size());
        assertEquals("ç", t.comment());
        assertArrayEqualsCanonical(org.webtorrent4j.bencode.Bencode.encode(top), t.toTorrentBytes());
    }

    private static void assertArrayEqualsCanonical(byte[] expected, byte[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}

package org.webtorrent4j.magnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MagnetUriTest {
    private static final String LEAVES_HEX = "d2474e86c95b19b8bcfdb92bc12c9d44667cfa36";
    private static final String LEAVES_BASE32 = "2JDU5BWJLMM3RPH5XEV4CLE5IRTHZ6RW";
    private static final String V2_HEX = "caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e";

    @Test
    void parsesHexInfoHashAndCommonFields() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_HEX
                + "&dn=Leaves+of+Grass+by+Walt+Whitman.epub"
                + "&tr=udp%3A%2F%2Ftracker.example.org%3A1337&tr=wss%3A%2F%2Ftracker.example.com"
                + "&ws=http%3A%2F%2Fseed.example%2Ffile&xl=362017");
        assertEquals(LEAVES_HEX, HashText.toHex(m.infoHashV1().orElseThrow()));
        assertTrue(m.infoHashV2().isEmpty());
        assertEquals("Leaves of Grass by Walt Whitman.epub", m.displayName().orElseThrow());
        assertEquals(List.of("udp://tracker.example.org:1337", "wss://tracker.example.com"), m.trackers());
        assertEquals(List.of("http://seed.example/file"), m.webSeeds());
        assertEquals(OptionalLong.of(362017), m.exactLength());
    }

    @Test
    void base32AndHexGiveTheSameHash() {
        MagnetUri b32 = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_BASE32);
        MagnetUri lowerB32 = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_BASE32.toLowerCase());
        MagnetUri hex = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_HEX.toUpperCase());
        assertArrayEquals(hex.infoHashV1().orElseThrow(), b32.infoHashV1().orElseThrow());
        assertEquals(hex, b32);
        assertEquals(hex, lowerB32);
        assertEquals(LEAVES_BASE32, HashText.toBase32(hex.infoHashV1().orElseThrow()));
    }

    @Test
    void hybridLinkKeepsBothHashesAndOtherTopics() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_HEX + "&xt=urn:btmh:1220" + V2_HEX
                + "&xt=urn:sha1:ABCDEF&xt.1=urn:btih:" + "00".repeat(20));
        assertEquals(4, m.exactTopics().size());
        assertEquals(V2_HEX, HashText.toHex(m.infoHashV2().orElseThrow()));
        assertEquals(LEAVES_HEX, HashText.toHex(m.infoHashV1().orElseThrow()), "first btih wins");
        assertEquals(ExactTopic.Kind.OTHER, m.exactTopics().get(2).kind());
        assertEquals("urn:sha1:ABCDEF", m.exactTopics().get(2).urn());
        assertEquals(m, MagnetUri.parse(m.toString()));
    }

    @Test
    void v2OnlyLink() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btmh:1220" + V2_HEX.toUpperCase());
        assertTrue(m.infoHashV1().isEmpty());
        assertEquals("magnet:?xt=urn:btmh:1220" + V2_HEX, m.toString());
    }

    @Test
    void sourcesKeywordsPeersAndSelectOnly() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_HEX
                + "&xs=http%3A%2F%2Fa%2Fx.torrent&as=http%3A%2F%2Fb%2Fx&kt=walt+whitman+poems"
                + "&x.pe=10.0.0.1:6881&x.pe=%5B2001:db8::1%5D:51413&x.pe=peer.example.org:80&so=0,2,4-6");
        assertEquals(List.of("http://a/x.torrent"), m.exactSources());
        assertEquals(List.of("http://b/x"), m.acceptableSources());
        assertEquals(List.of("walt", "whitman", "poems"), m.keywords());
        assertEquals(List.of(new PeerAddress("10.0.0.1", 6881), new PeerAddress("2001:db8::1", 51413),
                new PeerAddress("peer.example.org", 80)), m.peers());
        assertEquals("[2001:db8::1]:51413", m.peers().get(1).toString());
        assertEquals(List.of(IndexRange.of(0), IndexRange.of(2), new IndexRange(4, 6)), m.selectOnly());
        assertTrue(m.isFileSelected(5));
        assertFalse(m.isFileSelected(3));
        assertEquals(m, MagnetUri.parse(m.toString()));
    }

    @Test
    void unknownKeysAreKeptInOrderAndReEmitted() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_HEX + "&x.foo=1&tr=http%3A%2F%2Ft&ix=3&x.foo=a%26b");
        assertEquals(List.of(new Parameter("x.foo", "1"), new Parameter("ix", "3"), new Parameter("x.foo", "a&b")),
                m.otherParameters());
        String encoded = m.toString();
        assertTrue(encoded.contains("x.foo=a%26b"), encoded);
        assertEquals(m, MagnetUri.parse(encoded));
    }

    @Test
    void percentDecodingHandlesPlusSpacesAndUtf8() {
        MagnetUri m = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_HEX + "&dn=caf%C3%A9%20%E2%9C%93+%F0%9F%8E%B5%2B");
        assertEquals("café ✓ 🎵+", m.displayName().orElseThrow());
        assertEquals(m, MagnetUri.parse(m.toString()));
        MagnetUri raw = MagnetUri.parse("magnet:?xt=urn:btih:" + LEAVES_HEX + "&dn=café");
        assertEquals("café", raw.displayName().orElseThrow());
    }

    @Test
    void encodingIsStableAndReadable() {
        MagnetUri m = MagnetUri.builder()
                .infoHashV1(HashText.fromHex(LEAVES_HEX, 20))
                .displayName("a b&c")
                .tracker("udp://t.example:80/announce")
                .exactLength(5)
                .build();
        assertEquals("magnet:?xt=urn:btih:" + LEAVES_HEX + "&dn=a%20b%26c&xl=5&tr=udp://t.example:80/announce",
                m.toString());
        assertEquals(m, MagnetUri.parse(m.toString()));
        assertEquals(m, m.toBuilder().build());
        assertEquals(m.toString(), MagnetUri.parse(m.toString()).toString());
    }

    @Test
    void numberedAndUpperCaseKeysCountAsTheirBaseKey() {
        MagnetUri m = MagnetUri.parse("MAGNET:?XT.1=urn:btih:" + LEAVES_HEX + "&TR.1=http%3A%2F%2Fa&tr.2=http%3A%2F%2Fb");
        assertEquals(List.of("http://a", "http://b"), m.trackers());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://example.com/?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36|not a magnet link",
        "magnet:?dn=x|no BitTorrent xt",
        "magnet:?xt=urn:sha1:ABCDEF|no BitTorrent xt",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa3|40 hex or 32 base32",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa3g|not a hex digit",
        "magnet:?xt=urn:btih:2JDU5BWJLMM3RPH5XEV4CLE5IRTHZ6R1|not a base32 character",
        "magnet:?xt=urn:btih:2JDU5BWJLMM3RPH5XEV4CLE5IRTHZ6ıA|not a base32 character",
        "magnet:?xt=urn:btmh:1220abcd|64 hex characters",
        "magnet:?xt=urn:btmh:1114caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa|SHA-256 multihash",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&x.pe=1.2.3.4:70000|not in 1..65535",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&x.pe=1.2.3.4:0|not in 1..65535",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&x.pe=1.2.3.4:http|bad port",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&x.pe=1.2.3.4|has no port",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&x.pe=2001:db8::1:80|must be in brackets",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&xl=-1|not a non-negative integer",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&xl=9999999999999999999|too large",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&so=3-1|ends before it starts",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&so=a|not a list of file indices",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&dn=%E2%28|invalid UTF-8",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&dn=%2|truncated %-escape",
        "magnet:?xt=urn:btih:d2474e86c95b19b8bcfdb92bc12c9d44667cfa36&dn=%zz|bad %-escape",
    })
    void badInputSaysWhatIsWrong(String link, String expected) {
        InvalidMagnetUriException e = assertThrows(InvalidMagnetUriException.class, () -> MagnetUri.parse(link));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void overlongLinkIsRejected() {
        String link = "magnet:?xt=urn:btih:" + LEAVES_HEX + "&dn=" + "a".repeat(MagnetUri.MAX_LENGTH);
        assertThrows(InvalidMagnetUriException.class, () -> MagnetUri.parse(link));
    }

    @Test
    void builderRejectsInterpretedKeysAsOtherParameters() {
        assertThrows(InvalidMagnetUriException.class, () -> MagnetUri.builder().parameter("tr", "x"));
    }
}

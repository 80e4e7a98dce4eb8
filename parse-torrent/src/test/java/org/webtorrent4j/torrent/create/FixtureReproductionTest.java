package org.webtorrent4j.torrent.create;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.bencode.Span;
import org.webtorrent4j.testkit.Fixtures;

/**
 * Creating a torrent of each shared fixture's data, with the fixture's name and piece length,
 * reproduces the fixture's info dictionary byte for byte (the fixtures were made by WebTorrent's
 * create-torrent, whose info holds the same keys as ours).
 */
class FixtureReproductionTest {

    @ParameterizedTest
    @ValueSource(strings = {"numbers", "folder", "alice.txt", "lots-of-numbers"})
    void reproducesTheFixturesInfoDictionary(String source) throws Exception {
        String torrentName = source.endsWith(".txt") ? source.substring(0, source.length() - 4) : source;
        byte[] fixture = Fixtures.bytes(torrentName + ".torrent");
        Span span = Bencode.decodeDictionary(fixture, BencodeLimits.DEFAULT).spans().get("info");
        byte[] fixtureInfo = Arrays.copyOfRange(fixture, span.start(), span.end());
        Map<String, Object> info = BencodedDictionary.dictionary(Bencode.decodeDictionary(fixture), "info");

        CreatedTorrent created = TorrentCreator.create(Fixtures.path(source), CreateOptions.builder()
                .name(BencodedDictionary.string(info, "name"))
                .pieceLength(BencodedDictionary.integer(info, "piece length").intValue())
                .build());

        assertEquals(new String(fixtureInfo, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(created.infoBytes(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(fixtureInfo)),
                created.infoHashHex());
        assertArrayEquals(fixtureInfo, created.infoBytes());
    }
}

package org.webtorrent4j.tracker.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.TrackerProtocolException;

class HttpCodecTest {
    static final Id20 HASH = Id20.fromHex("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36");
    static final Id20 PEER = Id20.fromHex("2d5757303030312dffeeddccbbaa998877665544");

    @Test
    void announceQueryRoundTrips() {
        AnnounceRequest r = new AnnounceRequest(HASH, PEER, 6881, 10, 20, 30, AnnounceEvent.STARTED, 25, 0x1234abcd,
                null, "tid 1");
        HttpAnnounceQuery.Parsed p = HttpAnnounceQuery.parse(HttpAnnounceQuery.encode(r));
        assertEquals(r, p.request());
        assertTrue(p.compact());
    }

    @Test
    void parsesWhatLibtorrentSends() {
        String q = "info_hash=%d2GN%86%c9%5b%19%b8%bc%fd%b9%2b%c1%2c%9dDf%7c%fa6&peer_id=-LT2000-abcdefghijkl"
                + "&port=6881&uploaded=0&downloaded=0&left=1000&corrupt=0&key=3D4B1C2A&event=started&numwant=200"
                + "&compact=1&no_peer_id=1&supportcrypto=1&redundant=0";
        HttpAnnounceQuery.Parsed p = HttpAnnounceQuery.parse(q);
        assertEquals(HASH, p.request().infoHash());
        assertEquals("-LT2000-abcdefghijkl", p.request().peerId().latin1());
        assertEquals(AnnounceEvent.STARTED, p.request().event());
        assertEquals(200, p.request().numwant());
        assertEquals(0x3D4B1C2A, p.request().key());
        assertTrue(p.noPeerId());
    }

    @Test
    void rejectsBadQueries() {
        String ok = HttpAnnounceQuery.encode(new AnnounceRequest(HASH, PEER, 1, 0, 0, 0, AnnounceEvent.NONE, -1, 0, null, null));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse(ok.replace("info_hash=", "info_hash=%00")));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse(ok.replace("port=1", "port=70000")));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse(ok.replace("port=1", "port=x")));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse(ok + "&event=bogus"));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse(ok + "&ip=example.org"));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse(ok + "&event=%4"));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse("peer_id=" + "a".repeat(20) + "&port=1"));
        assertThrows(TrackerProtocolException.class, () -> HttpAnnounceQuery.parse(ok + "&p=" + "a".repeat(9000)));
    }

    @Test
    void scrapeUrlConvention() {
        assertEquals(URI.create("http://t/scrape"), HttpAnnounceQuery.scrapeUrl(URI.create("http://t/announce")));
        assertEquals(URI.create("http://t/x/scrape.php?pk=1"),
                HttpAnnounceQuery.scrapeUrl(URI.create("http://t/x/announce.php?pk=1")));
        assertNull(HttpAnnounceQuery.scrapeUrl(URI.create("http://t/a")));
        assertNull(HttpAnnounceQuery.scrapeUrl(URI.create("http://t/x/announce/y")));
    }

    @Test
    void compactResponseWithPeers6RoundTrips() throws Exception {
        List<TrackerPeer> peers = List.of(
                new TrackerPeer(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 6881), null),
                new TrackerPeer(new InetSocketAddress(InetAddress.getByName("::1"), 51413), null));
        AnnounceResponse r = new AnnounceResponse(1800, 60, "xyz", 3, 4, peers, "careful");
        byte[] body = HttpTrackerResponses.encodeAnnounce(r, true, false);
        assertTrue(new String(body, StandardCharsets.ISO_8859_1).contains("6:peers618:"));
        assertEquals(r, HttpTrackerResponses.decodeAnnounce(body));
    }

    @Test
    void dictionaryResponseRoundTrips() throws Exception {
        List<TrackerPeer> peers = List.of(new TrackerPeer(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1), PEER));
        AnnounceResponse r = new AnnounceResponse(900, 0, null, 1, 0, peers, null);
        assertEquals(r, HttpTrackerResponses.decodeAnnounce(HttpTrackerResponses.encodeAnnounce(r, false, false)));
    }

    @Test
    void failureReasonBecomesTypedException() {
        TrackerFailureException e = assertThrows(TrackerFailureException.class,
                () -> HttpTrackerResponses.decodeAnnounce(HttpTrackerResponses.encodeFailure("not registered")));
        assertEquals("not registered", e.reason());
    }

    @Test
    void malformedResponsesAreProtocolErrors() {
        for (String s : new String[] {"", "<html>", "d8:intervali1e5:peers5:abcdee", "d5:peersi1ee", "d8:intervali1e",
                "d8:intervali1e5:peersld2:ip3:abcee"}) {
            assertThrows(TrackerProtocolException.class,
                    () -> HttpTrackerResponses.decodeAnnounce(s.getBytes(StandardCharsets.ISO_8859_1)), s);
        }
    }

    /** npm bittorrent-tracker's HTTP server writes binary scrape keys as UTF-8: accepted. */
    @Test
    void scrapeKeysWrittenAsUtf8AreAccepted() {
        String key = HASH.latin1();
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        byte[] body = ("d5:filesd" + utf8.length + ":").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "d8:completei1e10:downloadedi1e10:incompletei0eeee".getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[body.length + utf8.length + tail.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(utf8, 0, all, body.length, utf8.length);
        System.arraycopy(tail, 0, all, body.length + utf8.length, tail.length);
        assertEquals(new ScrapeStats(1, 1, 0), HttpTrackerResponses.decodeScrape(all).files().get(HASH));
    }

    @Test
    void scrapeRoundTrips() {
        ScrapeResponse r = new ScrapeResponse(Map.of(HASH, new ScrapeStats(5, 10, 2)));
        assertEquals(r, HttpTrackerResponses.decodeScrape(HttpTrackerResponses.encodeScrape(r, 900)));
        assertEquals(List.of(HASH, PEER), HttpAnnounceQuery.parseScrape(HttpAnnounceQuery.encodeScrape(List.of(HASH, PEER)),
                8192, 10));
    }
}

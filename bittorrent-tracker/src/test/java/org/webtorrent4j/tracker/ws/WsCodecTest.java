package org.webtorrent4j.tracker.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerProtocolException;

class WsCodecTest {
    static final Id20 HASH = Id20.fromHex("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36");
    static final Id20 PEER = Id20.fromHex("2d5757303030312dffeeddccbbaa998877665544");
    static final JsonNode SDP = WsMessageCodec.json("{\"type\":\"offer\",\"sdp\":\"v=0 fake\"}");

    /** A message as bittorrent-tracker's browser client writes it (JSON.stringify of binary strings). */
    @Test
    void parsesBrowserAnnounceWithOffers() {
        String text = "{\"numwant\":1,\"uploaded\":0,\"downloaded\":0,\"left\":null,\"event\":\"started\","
                + "\"action\":\"announce\",\"info_hash\":\"\\u00d2GN\\u0086\\u00c9[\\u0019\\u00b8\\u00bc\\u00fd\\u00b9+\\u00c1,\\u009dDf|\\u00fa6\","
                + "\"peer_id\":\"-WW0001-\\u00ff\\u00ee\\u00dd\\u00cc\\u00bb\\u00aa\\u0099\\u0088wfUD\","
                + "\"offers\":[{\"offer\":{\"type\":\"offer\",\"sdp\":\"v=0 fake\"},\"offer_id\":\"abcdefghijklmnopqrst\"}]}";
        WsMessage.Announce a = assertInstanceOf(WsMessage.Announce.class, WsMessageCodec.parseRequest(text));
        assertEquals(HASH, a.infoHash());
        assertEquals("-WW0001-", a.peerId().latin1().substring(0, 8));
        assertEquals(AnnounceEvent.STARTED, a.event());
        assertEquals(Long.MAX_VALUE, a.left());
        assertEquals(1, a.offers().size());
        assertEquals(SDP, a.offers().get(0).offer());
        assertEquals("abcdefghijklmnopqrst", a.offers().get(0).offerId().latin1());
    }

    @Test
    void requestsRoundTrip() {
        Id20 offerId = Id20.random();
        WsMessage.Announce a = new WsMessage.Announce(HASH, PEER, 1, 2, 3, AnnounceEvent.NONE, 1,
                List.of(new WsMessage.Offer(offerId, SDP)), null, null, null, null);
        assertEquals(a, WsMessageCodec.parseRequest(WsMessageCodec.write(a)));
        WsMessage.Announce answer = new WsMessage.Announce(HASH, PEER, 0, 0, Long.MAX_VALUE, AnnounceEvent.NONE, 0,
                List.of(), SDP, Id20.random(), offerId, "t1");
        WsMessage.Announce parsed = (WsMessage.Announce) WsMessageCodec.parseRequest(WsMessageCodec.write(answer));
        assertEquals(answer.toPeerId(), parsed.toPeerId());
        assertEquals(offerId, parsed.offerId());
        WsMessage.Scrape s = new WsMessage.Scrape(List.of(HASH, PEER));
        assertEquals(s, WsMessageCodec.parseRequest(WsMessageCodec.write(s)));
    }

    @Test
    void repliesRoundTrip() {
        Id20 offerId = Id20.random();
        for (WsMessage m : List.of(new WsMessage.AnnounceReply(HASH, 120, 1, 2, null, null),
                new WsMessage.RelayedOffer(HASH, PEER, offerId, SDP),
                new WsMessage.RelayedAnswer(HASH, PEER, offerId, SDP),
                new WsMessage.ScrapeReply(Map.of(HASH, new ScrapeStats(1, 1, 0))),
                new WsMessage.Failure("announce", HASH, "invalid info_hash"))) {
            assertEquals(m, WsMessageCodec.parseReply(WsMessageCodec.write(m)));
        }
    }

    @Test
    void rejectsBadRequests() {
        for (String s : new String[] {"", "[]", "{", "{\"action\":\"x\"}", "{\"action\":\"announce\",\"info_hash\":\"short\"}",
                "{\"action\":\"announce\",\"info_hash\":\"abcdefghijklmnopqrst\",\"peer_id\":3}",
                "{\"action\":\"announce\",\"info_hash\":\"abcdefghijklmnopqrst\",\"peer_id\":\"abcdefghijklmnopqrst\",\"answer\":{}}",
                "{\"action\":\"announce\",\"info_hash\":\"abcdefghijklmnopqrs\\u0100\",\"peer_id\":\"abcdefghijklmnopqrst\"}",
                "{\"action\":\"scrape\",\"info_hash\":[1]}", "[".repeat(100)}) {
            assertThrows(TrackerProtocolException.class, () -> WsMessageCodec.parseRequest(s), s);
        }
    }
}

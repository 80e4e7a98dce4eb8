package org.webtorrent4j.tracker.ws;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;

/**
 * The JSON messages of the WebSocket tracker protocol that WebTorrent speaks. Signaling payloads
 * ({@code offer}, {@code answer}) are opaque JSON, relayed unchanged.
 */
public sealed interface WsMessage {

    /** One WebRTC offer sent with an announce; the tracker hands it to one other peer. */
    record Offer(Id20 offerId, JsonNode offer) {}

    /**
     * Client → tracker {@code announce}. With {@code answer} set it is the answer to a relayed
     * offer, for {@code toPeerId}, and the tracker forwards it to that peer.
     *
     * @param left bytes left; {@link Long#MAX_VALUE} when the client did not say
     */
    record Announce(Id20 infoHash, Id20 peerId, long uploaded, long downloaded, long left, AnnounceEvent event,
            int numwant, List<Offer> offers, JsonNode answer, Id20 toPeerId, Id20 offerId, String trackerId)
            implements WsMessage {
        public Announce {
            offers = List.copyOf(offers);
        }
    }

    /** Client → tracker {@code scrape}; no info-hash means all torrents. */
    record Scrape(List<Id20> infoHashes) implements WsMessage {
        public Scrape {
            infoHashes = List.copyOf(infoHashes);
        }
    }

    /** Tracker → client: the answer to an announce. */
    record AnnounceReply(Id20 infoHash, int interval, long complete, long incomplete, String trackerId,
            String warningMessage) implements WsMessage {}

    /** Tracker → client: another peer's offer, to be answered with an {@link Announce} carrying {@code answer}. */
    record RelayedOffer(Id20 infoHash, Id20 peerId, Id20 offerId, JsonNode offer) implements WsMessage {}

    /** Tracker → client: the answer of the peer that received one of our offers. */
    record RelayedAnswer(Id20 infoHash, Id20 peerId, Id20 offerId, JsonNode answer) implements WsMessage {}

    /** Tracker → client {@code scrape} answer. */
    record ScrapeReply(Map<Id20, ScrapeStats> files) implements WsMessage {
        public ScrapeReply {
            files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
        }
    }

    /**
     * Tracker → client: a request failed.
     *
     * @param action   "announce", "scrape", or null when the request could not be parsed
     * @param infoHash the torrent concerned, or null
     */
    record Failure(String action, Id20 infoHash, String reason) implements WsMessage {}
}

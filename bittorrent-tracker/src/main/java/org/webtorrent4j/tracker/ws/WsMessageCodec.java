package org.webtorrent4j.tracker.ws;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerProtocolException;

/**
 * Text ⇄ {@link WsMessage}, exactly as bittorrent-tracker's client and server write them: ids
 * are 20-character ISO-8859-1 strings, {@code failure reason} and {@code warning message} keep
 * their spaces, and an answer travels as an {@code announce} with {@code to_peer_id}.
 */
public final class WsMessageCodec {
    /** Largest message accepted (a WebTorrent announce with 10 trickle-less SDP offers is ~40 KiB). */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 256 * 1024;
    /** Most offers taken from one announce, as bittorrent-tracker's MAX_ANNOUNCE_PEERS. */
    public static final int MAX_OFFERS = 50;
    /** Most info-hashes in one scrape. */
    public static final int MAX_SCRAPE_HASHES = 256;
    private static final int MAX_DEPTH = 16;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(DEFAULT_MAX_MESSAGE_CHARS).maxNumberLength(40).build())
            .build());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private WsMessageCodec() {}

    // ---- tracker side: parse requests, write replies ------------------------------------

    /** Parses a client's request ({@link WsMessage.Announce} or {@link WsMessage.Scrape}). */
    public static WsMessage parseRequest(String text) {
        ObjectNode o = object(text);
        String action = o.path("action").asText(null);
        if ("announce".equals(action)) {
            return parseAnnounce(o);
        }
        if ("scrape".equals(action)) {
            JsonNode h = o.get("info_hash");
            List<Id20> hashes = new ArrayList<>();
            if (h != null && h.isTextual()) {
                hashes.add(id(h, "info_hash"));
            } else if (h != null && h.isArray()) {
                if (h.size() > MAX_SCRAPE_HASHES) {
                    throw new TrackerProtocolException("scrape of " + h.size() + " info-hashes exceeds " + MAX_SCRAPE_HASHES);
                }
                for (JsonNode e : h) {
                    hashes.add(id(e, "info_hash"));
                }
            } else if (h != null && !h.isNull()) {
                throw new TrackerProtocolException("invalid info_hash");
            }
            return new WsMessage.Scrape(hashes);
        }
        throw new TrackerProtocolException("invalid action in WS request: " + abbreviate(String.valueOf(action)));
    }

    private static WsMessage.Announce parseAnnounce(ObjectNode o) {
        Id20 infoHash = id(o.get("info_hash"), "info_hash");
        Id20 peerId = id(o.get("peer_id"), "peer_id");
        JsonNode answer = o.get("answer");
        Id20 toPeerId = null;
        Id20 offerId = null;
        if (answer != null && !answer.isNull()) {
            toPeerId = id(o.get("to_peer_id"), "`to_peer_id` (required with `answer`)");
            offerId = id(o.get("offer_id"), "offer_id");
        } else {
            answer = null;
        }
        List<WsMessage.Offer> offers = new ArrayList<>();
        JsonNode offersNode = o.get("offers");
        if (offersNode != null && offersNode.isArray()) {
            for (int i = 0; i < offersNode.size() && i < MAX_OFFERS; i++) {
                JsonNode e = offersNode.get(i);
                if (!e.isObject() || e.get("offer") == null) {
                    throw new TrackerProtocolException("offer " + i + " has no 'offer'");
                }
                offers.add(new WsMessage.Offer(id(e.get("offer_id"), "offer_id"), e.get("offer")));
            }
        } else if (offersNode != null && !offersNode.isNull()) {
            throw new TrackerProtocolException("'offers' must be an array");
        }
        JsonNode eventNode = o.get("event");
        AnnounceEvent event = AnnounceEvent.fromHttpName(eventNode == null || eventNode.isNull() ? null : eventNode.asText());
        JsonNode trackerId = o.get("trackerid");
        return new WsMessage.Announce(infoHash, peerId, count(o.get("uploaded")), count(o.get("downloaded")),
                left(o.get("left")), event, offers.size(), offers, answer, toPeerId, offerId,
                trackerId != null && trackerId.isTextual() ? trackerId.asText() : null);
    }

    public static String write(WsMessage m) {
        ObjectNode o = NODES.objectNode();
        if (m instanceof WsMessage.AnnounceReply r) {
            o.put("action", "announce");
            o.put("interval", r.interval());
            o.put("info_hash", r.infoHash().latin1());
            o.put("complete", r.complete());
            o.put("incomplete", r.incomplete());
            if (r.trackerId() != null) {
                o.put("tracker id", r.trackerId());
            }
            if (r.warningMessage() != null) {
                o.put("warning message", r.warningMessage());
            }
        } else if (m instanceof WsMessage.RelayedOffer r) {
            o.put("action", "announce");
            o.set("offer", r.offer());
            o.put("offer_id", r.offerId().latin1());
            o.put("peer_id", r.peerId().latin1());
            o.put("info_hash", r.infoHash().latin1());
        } else if (m instanceof WsMessage.RelayedAnswer r) {
            o.put("action", "announce");
            o.set("answer", r.answer());
            o.put("offer_id", r.offerId().latin1());
            o.put("peer_id", r.peerId().latin1());
            o.put("info_hash", r.infoHash().latin1());
        } else if (m instanceof WsMessage.ScrapeReply r) {
            o.put("action", "scrape");
            ObjectNode files = o.putObject("files");
            r.files().forEach((h, s) -> {
                ObjectNode f = files.putObject(h.latin1());
                f.put("complete", s.complete());
                f.put("incomplete", s.incomplete());
                f.put("downloaded", s.downloaded());
            });
        } else if (m instanceof WsMessage.Failure r) {
            if (r.action() != null) {
                o.put("action", r.action());
            }
            o.put("failure reason", r.reason());
            if (r.infoHash() != null) {
                o.put("info_hash", r.infoHash().latin1());
            }
        } else if (m instanceof WsMessage.Announce a) {
            writeAnnounce(a, o);
        } else if (m instanceof WsMessage.Scrape s) {
            o.put("action", "scrape");
            if (s.infoHashes().size() == 1) {
                o.put("info_hash", s.infoHashes().get(0).latin1());
            } else {
                ArrayNode arr = o.putArray("info_hash");
                s.infoHashes().forEach(h -> arr.add(h.latin1()));
            }
        }
        return o.toString();
    }

    private static void writeAnnounce(WsMessage.Announce a, ObjectNode o) {
        o.put("action", "announce");
        o.put("info_hash", a.infoHash().latin1());
        o.put("peer_id", a.peerId().latin1());
        if (a.answer() != null) {
            o.put("to_peer_id", a.toPeerId().latin1());
            o.set("answer", a.answer());
            o.put("offer_id", a.offerId().latin1());
        } else {
            o.put("numwant", a.numwant());
            o.put("uploaded", a.uploaded());
            o.put("downloaded", a.downloaded());
            o.put("left", a.left());
            if (a.event() != AnnounceEvent.NONE) {
                o.put("event", a.event().httpName());
            }
            if (!a.offers().isEmpty()) {
                ArrayNode arr = o.putArray("offers");
                for (WsMessage.Offer f : a.offers()) {
                    ObjectNode e = arr.addObject();
                    e.set("offer", f.offer());
                    e.put("offer_id", f.offerId().latin1());
                }
            }
        }
        if (a.trackerId() != null) {
            o.put("trackerid", a.trackerId());
        }
    }

    // ---- client side: parse replies -----------------------------------------------------

    /**
     * Parses a tracker's message. An {@code announce} carrying {@code offer} or {@code answer}
     * is a relayed signal; one with {@code failure reason} is a failure; otherwise a reply.
     */
    public static WsMessage parseReply(String text) {
        ObjectNode o = object(text);
        JsonNode failure = o.get("failure reason");
        String action = o.path("action").asText(null);
        if (failure != null) {
            JsonNode h = o.get("info_hash");
            return new WsMessage.Failure(action, h != null && h.isTextual() && h.asText().length() == 20
                    ? Id20.fromLatin1(h.asText()) : null, failure.asText());
        }
        if ("scrape".equals(action)) {
            JsonNode files = o.get("files");
            if (files == null || !files.isObject()) {
                throw new TrackerProtocolException("scrape reply without files");
            }
            Map<Id20, ScrapeStats> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = files.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode f = e.getValue();
                out.put(idText(e.getKey(), "info_hash"), new ScrapeStats(count(f.get("complete")),
                        count(f.get("downloaded")), count(f.get("incomplete"))));
            }
            return new WsMessage.ScrapeReply(out);
        }
        if (!"announce".equals(action)) {
            throw new TrackerProtocolException("invalid action in WS response: " + abbreviate(String.valueOf(action)));
        }
        Id20 infoHash = id(o.get("info_hash"), "info_hash");
        if (o.hasNonNull("offer")) {
            return new WsMessage.RelayedOffer(infoHash, id(o.get("peer_id"), "peer_id"), id(o.get("offer_id"), "offer_id"),
                    o.get("offer"));
        }
        if (o.hasNonNull("answer")) {
            return new WsMessage.RelayedAnswer(infoHash, id(o.get("peer_id"), "peer_id"),
                    id(o.get("offer_id"), "offer_id"), o.get("answer"));
        }
        JsonNode interval = o.hasNonNull("interval") ? o.get("interval") : o.get("min interval");
        JsonNode trackerId = o.get("tracker id");
        JsonNode warning = o.get("warning message");
        return new WsMessage.AnnounceReply(infoHash, interval == null ? 0 : (int) Math.min(Integer.MAX_VALUE, count(interval)),
                o.has("complete") ? count(o.get("complete")) : -1, o.has("incomplete") ? count(o.get("incomplete")) : -1,
                trackerId != null && trackerId.isTextual() ? trackerId.asText() : null,
                warning != null && warning.isTextual() ? warning.asText() : null);
    }

    // ---- helpers ------------------------------------------------------------------------

    private static ObjectNode object(String text) {
        if (text.length() > DEFAULT_MAX_MESSAGE_CHARS) {
            throw new TrackerProtocolException("WebSocket message of " + text.length() + " characters exceeds "
                    + DEFAULT_MAX_MESSAGE_CHARS);
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new TrackerProtocolException("invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (n == null || !n.isObject()) {
            throw new TrackerProtocolException("WebSocket message is not a JSON object");
        }
        return (ObjectNode) n;
    }

    private static Id20 id(JsonNode n, String name) {
        if (n == null || !n.isTextual()) {
            throw new TrackerProtocolException("invalid " + name);
        }
        return idText(n.asText(), name);
    }

    private static Id20 idText(String s, String name) {
        if (s.length() != Id20.LENGTH) {
            throw new TrackerProtocolException("invalid " + name);
        }
        try {
            return Id20.fromLatin1(s);
        } catch (IllegalArgumentException e) {
            throw new TrackerProtocolException("invalid " + name + ": " + e.getMessage());
        }
    }

    /** A non-negative count; anything else counts as 0. */
    private static long count(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return 0;
        }
        double d = n.asDouble();
        return d > 0 ? (long) Math.min(d, Long.MAX_VALUE) : 0;
    }

    /** {@code left} as bittorrent-tracker reads it: not a number means "unknown" (a leecher). */
    private static long left(JsonNode n) {
        if (n == null) {
            return Long.MAX_VALUE;
        }
        if (n.isTextual()) {
            try {
                return Math.max(0, Long.parseLong(n.asText()));
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
        return n.isNumber() ? count(n) : Long.MAX_VALUE;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** Parses a JSON value for offers/answers built by callers (e.g. tests, a WebRTC adapter). */
    public static JsonNode json(String text) {
        return object(text);
    }
}

package org.webtorrent4j.tracker.http;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.util.NetUtil;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodeTypeException;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.CompactPeers;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.TrackerProtocolException;

/** Bencoded HTTP tracker responses (BEP 3, 7, 23, 48), both ways. */
public final class HttpTrackerResponses {
    /** Largest response body the client decodes (a full 200-peer dictionary response is ~15 KiB). */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
    private static final BencodeLimits LIMITS = new BencodeLimits(8, DEFAULT_MAX_RESPONSE_BYTES);

    private HttpTrackerResponses() {}

    /**
     * Encodes an announce answer. Compact: IPv4 peers in {@code peers}, IPv6 in {@code peers6};
     * otherwise a list of dictionaries (with {@code peer id} unless {@code noPeerId}).
     */
    public static byte[] encodeAnnounce(AnnounceResponse r, boolean compact, boolean noPeerId) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("interval", (long) r.interval());
        if (r.minInterval() > 0) {
            d.put("min interval", (long) r.minInterval());
        }
        if (r.complete() >= 0) {
            d.put("complete", r.complete());
        }
        if (r.incomplete() >= 0) {
            d.put("incomplete", r.incomplete());
        }
        if (r.trackerId() != null) {
            d.put("tracker id", r.trackerId());
        }
        if (r.warningMessage() != null) {
            d.put("warning message", r.warningMessage());
        }
        if (compact) {
            ByteArrayOutputStream v4 = new ByteArrayOutputStream();
            ByteArrayOutputStream v6 = new ByteArrayOutputStream();
            for (TrackerPeer p : r.peers()) {
                byte[] c = CompactPeers.encode(p.address());
                (c.length == 6 ? v4 : v6).writeBytes(c);
            }
            d.put("peers", v4.toByteArray());
            if (v6.size() > 0) {
                d.put("peers6", v6.toByteArray());
            }
        } else {
            List<Object> peers = new ArrayList<>(r.peers().size());
            for (TrackerPeer p : r.peers()) {
                Map<String, Object> pd = new LinkedHashMap<>();
                pd.put("ip", NetUtil.toAddressString(p.address().getAddress()));
                pd.put("port", (long) p.address().getPort());
                if (!noPeerId && p.peerId() != null) {
                    pd.put("peer id", p.peerId().toBytes());
                }
                peers.add(pd);
            }
            d.put("peers", peers);
        }
        return Bencode.encode(d);
    }

    public static byte[] encodeFailure(String reason) {
        return Bencode.encode(Map.of("failure reason", reason));
    }

    public static byte[] encodeScrape(ScrapeResponse r, int minRequestInterval) {
        Map<String, Object> files = new LinkedHashMap<>();
        r.files().forEach((hash, s) -> files.put(hash.latin1(),
                Map.of("complete", s.complete(), "downloaded", s.downloaded(), "incomplete", s.incomplete())));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("files", files);
        if (minRequestInterval > 0) {
            d.put("flags", Map.of("min_request_interval", (long) minRequestInterval));
        }
        return Bencode.encode(d);
    }

    /** Decodes an announce answer; a {@code failure reason} becomes a {@link TrackerFailureException}. */
    public static AnnounceResponse decodeAnnounce(byte[] body) {
        Map<String, Object> d = dictionary(body);
        try {
            String failure = BencodedDictionary.string(d, "failure reason");
            if (failure != null) {
                throw new TrackerFailureException(failure);
            }
            Long interval = BencodedDictionary.integer(d, "interval");
            if (interval == null) {
                throw new TrackerProtocolException("announce response has no interval");
            }
            Long minInterval = BencodedDictionary.integer(d, "min interval");
            Long complete = BencodedDictionary.integer(d, "complete");
            Long incomplete = BencodedDictionary.integer(d, "incomplete");
            List<TrackerPeer> peers = new ArrayList<>();
            Object p = d.get("peers");
            if (p instanceof byte[] compact) {
                peers.addAll(CompactPeers.decode(compact, 0, compact.length, false));
            } else if (p instanceof List<?> list) {
                for (Object o : list) {
                    peers.add(dictionaryPeer(o));
                }
            } else if (p != null) {
                throw new TrackerProtocolException("'peers' must be a byte string or a list");
            }
            byte[] peers6 = BencodedDictionary.bytes(d, "peers6");
            if (peers6 != null) {
                peers.addAll(CompactPeers.decode(peers6, 0, peers6.length, true));
            }
            return new AnnounceResponse(clampInt(interval), minInterval == null ? 0 : clampInt(minInterval),
                    BencodedDictionary.string(d, "tracker id"), complete == null ? -1 : complete,
                    incomplete == null ? -1 : incomplete, peers, BencodedDictionary.string(d, "warning message"));
        } catch (BencodeTypeException e) {
            throw new TrackerProtocolException("malformed announce response: " + e.getMessage(), e);
        }
    }

    public static ScrapeResponse decodeScrape(byte[] body) {
        Map<String, Object> d = dictionary(body);
        try {
            String failure = BencodedDictionary.string(d, "failure reason");
            if (failure != null) {
                throw new TrackerFailureException(failure);
            }
            Map<String, Object> files = BencodedDictionary.dictionary(d, "files");
            if (files == null) {
                throw new TrackerProtocolException("scrape response has no files");
            }
            Map<Id20, ScrapeStats> out = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : files.entrySet()) {
                Id20 hash = scrapeKey(e.getKey().getBytes(StandardCharsets.ISO_8859_1));
                if (!(e.getValue() instanceof Map<?, ?>)) {
                    throw new TrackerProtocolException("scrape entry must be a dictionary");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> f = (Map<String, Object>) e.getValue();
                out.put(hash, new ScrapeStats(orZero(BencodedDictionary.integer(f, "complete")),
                        orZero(BencodedDictionary.integer(f, "downloaded")),
                        orZero(BencodedDictionary.integer(f, "incomplete"))));
            }
            return new ScrapeResponse(out);
        } catch (BencodeTypeException e) {
            throw new TrackerProtocolException("malformed scrape response: " + e.getMessage(), e);
        }
    }

    /**
     * A scrape key: 20 raw bytes, or (npm bittorrent-tracker's HTTP server writes its binary keys
     * as UTF-8) the UTF-8 form of 20 ISO-8859-1 characters.
     */
    private static Id20 scrapeKey(byte[] key) {
        if (key.length == Id20.LENGTH) {
            return Id20.of(key);
        }
        String utf8 = new String(key, StandardCharsets.UTF_8);
        if (key.length > Id20.LENGTH && key.length <= 2 * Id20.LENGTH && utf8.length() == Id20.LENGTH
                && utf8.chars().allMatch(c -> c <= 0xff)
                && java.util.Arrays.equals(utf8.getBytes(StandardCharsets.UTF_8), key)) {
            return Id20.fromLatin1(utf8);
        }
        throw new TrackerProtocolException("scrape key of " + key.length + " bytes instead of 20");
    }

    private static Map<String, Object> dictionary(byte[] body) {
        try {
            if (body.length == 0 || body[0] != 'd') {
                throw new TrackerProtocolException("tracker response is not a bencoded dictionary");
            }
            return Bencode.decodeDictionary(body, LIMITS).values();
        } catch (BencodeException e) {
            throw new TrackerProtocolException("tracker response is not valid bencode: " + e.getMessage(), e);
        }
    }

    private static TrackerPeer dictionaryPeer(Object o) {
        if (!(o instanceof Map<?, ?>)) {
            throw new TrackerProtocolException("dictionary peer must be a dictionary");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> pd = (Map<String, Object>) o;
        String ip = BencodedDictionary.string(pd, "ip");
        Long port = BencodedDictionary.integer(pd, "port");
        if (ip == null || port == null || port < 0 || port > 65535) {
            throw new TrackerProtocolException("dictionary peer needs ip and a port in 0..65535");
        }
        byte[] id = BencodedDictionary.bytes(pd, "peer id");
        Id20 peerId = id != null && id.length == Id20.LENGTH ? Id20.of(id) : null;
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(ip);
        // Host names are left unresolved: resolving is the dialer's business, not the parser's.
        InetSocketAddress address = literal != null ? new InetSocketAddress(literal, port.intValue())
                : InetSocketAddress.createUnresolved(ip, port.intValue());
        return new TrackerPeer(address, peerId);
    }

    private static int clampInt(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }
}

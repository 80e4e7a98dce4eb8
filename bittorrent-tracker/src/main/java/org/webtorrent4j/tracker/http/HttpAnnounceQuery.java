package org.webtorrent4j.tracker.http;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.NetUtil;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.TrackerProtocolException;

/**
 * The query strings of HTTP announce (BEP 3, 23) and scrape (BEP 48), both ways. Binary ids are
 * percent-encoded byte by byte; decoding is bounded and strict about id lengths.
 */
public final class HttpAnnounceQuery {
    /** Longest query the parser accepts (an announce is about 300 characters; a full scrape ~6 KiB). */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 8192;

    private HttpAnnounceQuery() {}

    /**
     * A parsed announce query.
     *
     * @param request  the announce; {@code ip} is the claimed address or null
     * @param compact  whether the client asked for compact peers (BEP 23; the default when absent)
     * @param noPeerId whether the client asked to leave peer ids out of dictionary peers
     */
    public record Parsed(AnnounceRequest request, boolean compact, boolean noPeerId) {}

    /** The query of an announce (without the leading '?'). */
    public static String encode(AnnounceRequest r) {
        StringBuilder q = new StringBuilder(320);
        q.append("info_hash=").append(escape(r.infoHash().toBytes()))
                .append("&peer_id=").append(escape(r.peerId().toBytes()))
                .append("&port=").append(r.port())
                .append("&uploaded=").append(r.uploaded())
                .append("&downloaded=").append(r.downloaded())
                .append("&left=").append(r.left())
                .append("&compact=1");
        if (r.numwant() >= 0) {
            q.append("&numwant=").append(r.numwant());
        }
        q.append("&key=").append(String.format("%08X", r.key()));
        if (r.event() != AnnounceEvent.NONE) {
            q.append("&event=").append(r.event().httpName());
        }
        if (r.ip() != null) {
            q.append("&ip=").append(escape(NetUtil.toAddressString(r.ip()).getBytes(StandardCharsets.US_ASCII)));
        }
        if (r.trackerId() != null) {
            q.append("&trackerid=").append(escape(r.trackerId().getBytes(StandardCharsets.UTF_8)));
        }
        return q.toString();
    }

    /** The query of a scrape for the given torrents. */
    public static String encodeScrape(List<Id20> infoHashes) {
        StringBuilder q = new StringBuilder();
        for (Id20 h : infoHashes) {
            q.append(q.length() == 0 ? "" : "&").append("info_hash=").append(escape(h.toBytes()));
        }
        return q.toString();
    }

    /** Appends a query to a URL that may already have one (private trackers put a passkey there). */
    public static String withQuery(String url, String query) {
        return url + (url.indexOf('?') >= 0 ? '&' : '?') + query;
    }

    /** The scrape URL by the BEP 48 convention (last path segment "announce..." → "scrape..."), or null. */
    public static URI scrapeUrl(URI announce) {
        String s = announce.toString();
        int query = s.indexOf('?');
        String path = query >= 0 ? s.substring(0, query) : s;
        int slash = path.lastIndexOf('/');
        if (slash < 0 || !path.startsWith("announce", slash + 1)) {
            return null;
        }
        return URI.create(path.substring(0, slash + 1) + "scrape" + path.substring(slash + 1 + "announce".length())
                + (query >= 0 ? s.substring(query) : ""));
    }

    /** Parses an announce query (the part after '?'), under the default length limit. */
    public static Parsed parse(String rawQuery) {
        return parse(rawQuery, DEFAULT_MAX_QUERY_LENGTH);
    }

    public static Parsed parse(String rawQuery, int maxLength) {
        Id20 infoHash = null;
        Id20 peerId = null;
        Integer port = null;
        long uploaded = 0;
        long downloaded = 0;
        long left = -1;
        AnnounceEvent event = AnnounceEvent.NONE;
        int numwant = -1;
        int key = 0;
        InetAddress ip = null;
        String trackerId = null;
        boolean compact = true;
        boolean noPeerId = false;
        for (String[] kv : pairs(rawQuery, maxLength)) {
            String name = kv[0];
            String raw = kv[1];
            switch (name) {
                case "info_hash" -> infoHash = id(raw, "info_hash");
                case "peer_id" -> peerId = id(raw, "peer_id");
                case "port" -> port = (int) number(raw, "port", 0, 65535);
                case "uploaded" -> uploaded = number(raw, "uploaded", 0, Long.MAX_VALUE);
                case "downloaded" -> downloaded = number(raw, "downloaded", 0, Long.MAX_VALUE);
                case "left" -> left = number(raw, "left", 0, Long.MAX_VALUE);
                case "event" -> event = AnnounceEvent.fromHttpName(text(raw));
                case "numwant" -> numwant = (int) Math.min(number(raw, "numwant", -1, Long.MAX_VALUE), Integer.MAX_VALUE);
                case "compact" -> compact = !"0".equals(text(raw));
                case "no_peer_id" -> noPeerId = "1".equals(text(raw));
                case "key" -> key = parseKey(text(raw));
                case "trackerid" -> trackerId = text(raw);
                case "ip" -> ip = literalAddress(text(raw));
                default -> { } // unknown parameters (passkeys, supportcrypto, ...) are ignored
            }
        }
        if (infoHash == null) {
            throw new TrackerProtocolException("missing info_hash");
        }
        if (peerId == null) {
            throw new TrackerProtocolException("missing peer_id");
        }
        if (port == null) {
            throw new TrackerProtocolException("missing port");
        }
        if (left < 0) {
            left = Long.MAX_VALUE; // unknown: count the peer as a leecher
        }
        return new Parsed(new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, event, numwant, key,
                ip, trackerId), compact, noPeerId);
    }

    /** The info-hashes of a scrape query; an empty list means "all torrents". */
    public static List<Id20> parseScrape(String rawQuery, int maxLength, int maxHashes) {
        List<Id20> hashes = new ArrayList<>();
        for (String[] kv : pairs(rawQuery, maxLength)) {
            if (kv[0].equals("info_hash")) {
                if (hashes.size() == maxHashes) {
                    throw new TrackerProtocolException("more than " + maxHashes + " info_hash values in one scrape");
                }
                hashes.add(id(kv[1], "info_hash"));
            }
        }
        return hashes;
    }

    private static List<String[]> pairs(String rawQuery, int maxLength) {
        if (rawQuery == null) {
            return List.of();
        }
        if (rawQuery.length() > maxLength) {
            throw new TrackerProtocolException("query of " + rawQuery.length() + " characters exceeds " + maxLength);
        }
        List<String[]> out = new ArrayList<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', start);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    out.add(new String[] {rawQuery.substring(start, end), ""});
                } else {
                    out.add(new String[] {rawQuery.substring(start, eq), rawQuery.substring(eq + 1, end)});
                }
            }
            start = end + 1;
        }
        return out;
    }

    /** Percent-decodes a raw value to bytes; '+' is a space, as in HTML forms. */
    static byte[] unescape(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new TrackerProtocolException("truncated percent escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new TrackerProtocolException("invalid percent escape '" + raw.substring(i, i + 3) + "'");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else if (c > 0x7e || c < 0x20) {
                throw new TrackerProtocolException("unescaped character 0x" + Integer.toHexString(c) + " in query");
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Percent-encodes every byte but the RFC 3986 unreserved characters. */
    public static String escape(byte[] data) {
        StringBuilder s = new StringBuilder(data.length * 3);
        for (byte b : data) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                s.append((char) c);
            } else {
                s.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return s.toString();
    }

    private static Id20 id(String raw, String name) {
        byte[] b = unescape(raw);
        if (b.length != Id20.LENGTH) {
            throw new TrackerProtocolException("invalid " + name + ": " + b.length + " bytes instead of 20");
        }
        return Id20.of(b);
    }

    private static String text(String raw) {
        return new String(unescape(raw), StandardCharsets.UTF_8);
    }

    private static long number(String raw, String name, long min, long max) {
        String s = text(raw);
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new TrackerProtocolException("invalid " + name + " '" + abbreviate(s) + "'");
        }
        if (v < min || v > max) {
            throw new TrackerProtocolException(name + " out of range: " + v);
        }
        return v;
    }

    private static int parseKey(String s) {
        if (s.isEmpty() || s.length() > 8) {
            return s.hashCode();
        }
        try {
            return (int) Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            return s.hashCode();
        }
    }

    /** An IP literal; host names are refused rather than resolved. */
    private static InetAddress literalAddress(String s) {
        InetAddress a = NetUtil.createInetAddressFromIpAddressString(s);
        if (a == null) {
            throw new TrackerProtocolException("ip '" + abbreviate(s) + "' is not an IP address literal");
        }
        return a;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}

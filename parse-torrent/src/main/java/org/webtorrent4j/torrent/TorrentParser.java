package org.webtorrent4j.torrent;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.bencode.Span;
import org.webtorrent4j.magnet.PeerAddress;

/** Reads the top level of a .torrent file; the {@code info} dictionary goes to {@link InfoParser}. */
final class TorrentParser {
    private TorrentParser() {}

    static Torrent parse(byte[] data, TorrentLimits limits) {
        if (data.length > limits.maxTorrentBytes()) {
            throw new InvalidTorrentException(".torrent of " + data.length + " bytes exceeds the limit of "
                    + limits.maxTorrentBytes());
        }
        BencodedDictionary decoded;
        try {
            decoded = Bencode.decodeDictionary(data, new BencodeLimits(limits.maxDepth(), limits.maxTorrentBytes()));
        } catch (BencodeException e) {
            throw new InvalidTorrentException("not a valid .torrent (bencode): " + e.getMessage(), e);
        }
        Map<String, Object> top = decoded.values();
        Span infoSpan = decoded.spans().get("info");
        if (infoSpan == null) {
            throw new InvalidTorrentException(".torrent has no 'info' dictionary");
        }
        if (data[infoSpan.start()] != 'd') {
            throw new InvalidTorrentException("'info' must be a dictionary");
        }
        // The info-hash is over the info dictionary's bytes exactly as they are in the file.
        InfoDictionary info = InfoParser.parse(infoSpan.copyOf(data), limits);
        Map<String, byte[]> layers = pieceLayers(top, info);
        Map<String, Object> rest = new LinkedHashMap<>(top);
        rest.remove("info");
        return new Torrent(info, info.infoHashV1(), info.infoHashV2(), rest, layers, null);
    }

    /** Tracker tiers (BEP 12): {@code announce-list} when it has any URL, else {@code announce}. */
    static List<List<String>> announceTiers(Map<String, Object> top) {
        List<List<String>> tiers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Object list = top.get("announce-list");
        if (list instanceof List<?> outer) {
            for (Object tier : outer) {
                if (!(tier instanceof List<?> urls)) {
                    continue;
                }
                List<String> kept = new ArrayList<>();
                for (Object url : urls) {
                    if (url instanceof byte[] b && b.length > 0) {
                        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8).strip();
                        if (!s.isEmpty() && seen.add(s)) {
                            kept.add(s);
                        }
                    }
                }
                if (!kept.isEmpty()) {
                    tiers.add(List.copyOf(kept));
                }
            }
        }
        if (tiers.isEmpty()) {
            String announce = lenientString(top, "announce");
            if (announce != null && !announce.strip().isEmpty()) {
                tiers.add(List.of(announce.strip()));
            }
        }
        return List.copyOf(tiers);
    }

    /**
     * An informational top-level string ({@code key.utf-8} preferred); absent when missing or not
     * a string: a wrong type in such a field is not worth refusing the torrent.
     */
    static String lenientString(Map<String, Object> top, String key) {
        Object v = top.get(key + ".utf-8");
        if (!(v instanceof byte[])) {
            v = top.get(key);
        }
        return v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : null;
    }

    /** Web seeds ({@code url-list}, {@code httpseeds}) kept per list: real torrents have a few. */
    static final int MAX_URLS = 1000;

    /** BEP 19 {@code url-list}: one string or a list of strings; empty entries are dropped. */
    static List<String> urlList(Map<String, Object> top) {
        return stringOrList(top, "url-list");
    }

    /** One string or a list of strings, without empty ones and repeats, at most {@link #MAX_URLS} (the rest is ignored). */
    static List<String> stringOrList(Map<String, Object> top, String key) {
        Object v = top.get(key);
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (v instanceof byte[] b) {
            addString(out, b);
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                if (out.size() == MAX_URLS) {
                    break;
                }
                if (o instanceof byte[] b) {
                    addString(out, b);
                }
            }
        }
        return List.copyOf(out);
    }

    private static void addString(java.util.Set<String> out, byte[] b) {
        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** DHT bootstrap {@code nodes}: a list of [host, port]; malformed entries are skipped. */
    static List<PeerAddress> nodes(Map<String, Object> top) {
        List<PeerAddress> out = new ArrayList<>();
        if (top.get("nodes") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof byte[] host
                        && pair.get(1) instanceof Long port) {
                    try {
                        out.add(new PeerAddress(new String(host, java.nio.charset.StandardCharsets.UTF_8),
                                Math.toIntExact(port)));
                    } catch (IllegalArgumentException | ArithmeticException skipped) {
                        // a bad node entry is not worth refusing the torrent
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** {@code creation date} in seconds since the epoch; absent when missing or out of Instant's range. */
    static Instant creationDate(Map<String, Object> top) {
        if (top.get("creation date") instanceof Long seconds) {
            try {
                return Instant.ofEpochSecond(seconds);
            } catch (DateTimeException outOfRange) {
                return null;
            }
        }
        return null;
    }

    /** BEP 52 {@code piece layers}: each must belong to a file, have its length, and hash to its pieces root. */
    private static Map<String, byte[]> pieceLayers(Map<String, Object> top, InfoDictionary info) {
        Map<String, Object> layers = Fields.dictionary(top, "piece layers");
        if (layers == null || info.infoHashV2() == null) {
            return Map.of();
        }
        Map<String, TorrentFile> byRoot = filesByRoot(info);
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : layers.entrySet()) {
            byte[] root = e.getKey().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!(e.getValue() instanceof byte[] layer)) {
                throw new InvalidTorrentException("'piece layers' entry " + org.webtorrent4j.magnet.HashText.toHex(root)
                        + " is not a byte string");
            }
            out.put(org.webtorrent4j.magnet.HashText.toHex(root), checkedPieceLayer(info, byRoot, root, layer));
        }
        return out;
    }

    /** Each pieces root of {@code info} (hex), with one of its files: they all have its length. */
    static Map<String, TorrentFile> filesByRoot(InfoDictionary info) {
        Map<String, TorrentFile> byRoot = new java.util.HashMap<>();
        for (TorrentFile f : info.files()) {
            if (f.piecesRoot() != null) {
                byRoot.putIfAbsent(org.webtorrent4j.magnet.HashText.toHex(f.piecesRoot()), f);
            }
        }
        return byRoot;
    }

    /** A piece layer that belongs to a file of {@code info}, has its length and hashes to its pieces root. */
    static byte[] checkedPieceLayer(InfoDictionary info, Map<String, TorrentFile> byRoot, byte[] root, byte[] layer) {
        String rootHex = org.webtorrent4j.magnet.HashText.toHex(root);
        TorrentFile file = byRoot.get(rootHex);
        if (file == null) {
            throw new InvalidTorrentException("piece layer for unknown pieces root " + rootHex);
        }
        long pieces = (file.length() + info.pieceLength() - 1) / info.pieceLength();
        if (layer.length != pieces * 32) {
            throw new InvalidTorrentException("piece layer of '" + file.displayPath() + "' has "
                    + layer.length + " bytes, expected " + pieces * 32);
        }
        if (!java.util.Arrays.equals(root, MerkleRoots.rootOfPieceLayer(layer, info.pieceLength()))) {
            throw new InvalidTorrentException("piece layer of '" + file.displayPath()
                    + "' does not hash to the file's pieces root");
        }
        return layer;
    }
}

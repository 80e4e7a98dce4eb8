package org.webtorrent4j.dht.krpc;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodeTypeException;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.dht.NodeId;
import org.webtorrent4j.dht.NodeInfo;

/**
 * Sans-I/O KRPC codec: typed messages to bytes and back. Decoding accepts only what fits in one
 * bounded UDP packet and throws {@link KrpcException} for anything malformed.
 */
public final class KrpcCodec {
    /** Largest packet decoded (bytes); Mainline packets stay well under this. */
    public static final int MAX_PACKET = 2048;
    /** Longest transaction id accepted; real clients use 2 to 4 bytes. */
    public static final int MAX_TRANSACTION_ID = 16;
    /** Longest write token accepted. */
    public static final int MAX_TOKEN = 64;
    /** Longest error message kept. */
    public static final int MAX_ERROR_MESSAGE = 256;
    /** Largest number of entries read from {@code want} and {@code values}. */
    public static final int MAX_LIST = 256;
    private static final BencodeLimits LIMITS = new BencodeLimits(16, MAX_PACKET);

    private KrpcCodec() {}

    public static byte[] encode(KrpcMessage message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("t", message.transactionId());
        if (message instanceof KrpcQuery q) {
            m.put("y", "q");
            m.put("q", q.method().name().getBytes(StandardCharsets.ISO_8859_1));
            m.put("a", queryArguments(q));
            if (q.readOnly()) {
                m.put("ro", 1L);
            }
        } else if (message instanceof KrpcResponse r) {
            m.put("y", "r");
            m.put("r", responseValues(r));
            if (r.externalAddress() != null) {
                m.put("ip", CompactAddresses.encodePeer(r.externalAddress()));
            }
        } else if (message instanceof KrpcError e) {
            m.put("y", "e");
            m.put("e", List.of((long) e.code(), e.message() == null ? new byte[0]
                    : e.message().getBytes(StandardCharsets.ISO_8859_1)));
        }
        return Bencode.encode(m);
    }

    private static Map<String, Object> queryArguments(KrpcQuery q) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("id", q.sender().toBytes());
        KrpcQuery.Method method = q.method();
        if (method instanceof KrpcQuery.FindNode f) {
            a.put("target", f.target().toBytes());
            putWant(a, f.want());
        } else if (method instanceof KrpcQuery.GetPeers g) {
            a.put("info_hash", g.infoHash().toBytes());
            putWant(a, g.want());
        } else if (method instanceof KrpcQuery.AnnouncePeer ap) {
            a.put("info_hash", ap.infoHash().toBytes());
            a.put("port", (long) ap.port());
            a.put("token", ap.token());
            if (ap.impliedPort()) {
                a.put("implied_port", 1L);
            }
        } else if (method instanceof KrpcQuery.GetItem g) {
            a.put("target", g.target().toBytes());
            putIfPresent(a, "seq", g.seq());
            putWant(a, g.want());
        } else if (method instanceof KrpcQuery.PutItem p) {
            a.put("token", p.token());
            a.put("v", p.value());
            putIfPresent(a, "k", p.key());
            putIfPresent(a, "sig", p.signature());
            putIfPresent(a, "seq", p.seq());
            putIfPresent(a, "salt", p.salt());
            putIfPresent(a, "cas", p.cas());
        }
        return a;
    }

    private static void putWant(Map<String, Object> a, Set<String> want) {
        if (want != null && !want.isEmpty()) {
            a.put("want", want.stream().sorted().map(w -> w.getBytes(StandardCharsets.ISO_8859_1)).toList());
        }
    }

    private static void putIfPresent(Map<String, Object> a, String key, Object value) {
        if (value != null) {
            a.put(key, value);
        }
    }

    private static Map<String, Object> responseValues(KrpcResponse r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.sender().toBytes());
        if (!r.nodes().isEmpty()) {
            v.put("nodes", CompactAddresses.encodeNodes(r.nodes(), false));
        }
        if (!r.nodes6().isEmpty()) {
            v.put("nodes6", CompactAddresses.encodeNodes(r.nodes6(), true));
        }
        if (!r.values().isEmpty()) {
            List<Object> peers = new ArrayList<>(r.values().size());
            r.values().forEach(p -> peers.add(CompactAddresses.encodePeer(p)));
            v.put("values", peers);
        }
        putIfPresent(v, "token", r.token());
        putIfPresent(v, "v", r.value());
        putIfPresent(v, "k", r.key());
        putIfPresent(v, "sig", r.signature());
        putIfPresent(v, "seq", r.seq());
        return v;
    }

    /** Decodes one packet; anything that is not a well-formed KRPC message throws {@link KrpcException}. */
    public static KrpcMessage decode(byte[] packet) {
        if (packet.length > MAX_PACKET) {
            throw new KrpcException("packet of " + packet.length + " bytes exceeds " + MAX_PACKET, null);
        }
        Map<String, Object> m;
        try {
            m = Bencode.decodeDictionary(packet, LIMITS).values();
        } catch (BencodeException e) {
            throw new KrpcException("not bencode: " + e.getMessage(), null);
        }
        byte[] tid;
        try {
            tid = BencodedDictionary.bytes(m, "t");
        } catch (BencodeTypeException e) {
            throw new KrpcException(e.getMessage(), null);
        }
        if (tid == null || tid.length > MAX_TRANSACTION_ID) {
            throw new KrpcException(tid == null ? "missing transaction id 't'" : "transaction id too long", null);
        }
        try {
            String y = BencodedDictionary.string(m, "y");
            if (y == null) {
                throw new KrpcException("missing message type 'y'", tid);
            }
            return switch (y) {
                case "q" -> decodeQuery(m, tid);
                case "r" -> decodeResponse(m, tid);
                case "e" -> decodeError(m, tid);
                default -> throw new KrpcException("unknown message type '" + y + "'", tid);
            };
        } catch (BencodeTypeException | IllegalArgumentException e) {
            throw new KrpcException(e.getMessage(), tid);
        }
    }

    private static KrpcQuery decodeQuery(Map<String, Object> m, byte[] tid) {
        byte[] method = BencodedDictionary.bytes(m, "q");
        Map<String, Object> a = BencodedDictionary.dictionary(m, "a");
        if (method == null || a == null) {
            throw new KrpcException("query without 'q' or 'a'", tid);
        }
        NodeId sender = id(a, "id", tid);
        Long ro = BencodedDictionary.integer(m, "ro");
        String name = new String(method, StandardCharsets.ISO_8859_1);
        KrpcQuery.Method body = switch (name) {
            case "ping" -> new KrpcQuery.Ping();
            case "find_node" -> new KrpcQuery.FindNode(id(a, "target", tid), want(a));
            case "get_peers" -> new KrpcQuery.GetPeers(id(a, "info_hash", tid), want(a));
            case "announce_peer" -> announcePeer(a, tid);
            case "get" -> new KrpcQuery.GetItem(id(a, "target", tid), BencodedDictionary.integer(a, "seq"), want(a));
            case "put" -> putItem(a, tid);
            default -> new KrpcQuery.Unknown(name.length() > 64 ? name.substring(0, 64) : name);
        };
        return new KrpcQuery(tid, sender, ro != null && ro == 1L, body);
    }

    private static KrpcQuery.AnnouncePeer announcePeer(Map<String, Object> a, byte[] tid) {
        NodeId infoHash = id(a, "info_hash", tid);
        Long implied = BencodedDictionary.integer(a, "implied_port");
        boolean impliedPort = implied != null && implied != 0;
        Long port = BencodedDictionary.integer(a, "port");
        if (port == null && !impliedPort) {
            throw new KrpcException("announce_peer without 'port'", tid);
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new KrpcException("announce_peer port out of range: " + port, tid);
        }
        return new KrpcQuery.AnnouncePeer(infoHash, port == null ? 0 : port.intValue(), impliedPort, token(a, tid, true));
    }

    private static KrpcQuery.PutItem putItem(Map<String, Object> a, byte[] tid) {
        byte[] token = token(a, tid, true);
        Object v = a.get("v");
        if (v == null) {
            throw new KrpcException("put without 'v'", tid);
        }
        byte[] k = BencodedDictionary.bytes(a, "k");
        byte[] sig = BencodedDictionary.bytes(a, "sig");
        Long seq = BencodedDictionary.integer(a, "seq");
        byte[] salt = BencodedDictionary.bytes(a, "salt");
        Long cas = BencodedDictionary.integer(a, "cas");
        if (k != null) {
            if (k.length != 32 || sig == null || sig.length != 64 || seq == null) {
                throw new KrpcException("mutable put needs a 32-byte 'k', a 64-byte 'sig' and 'seq'", tid);
            }
        } else if (sig != null || salt != null || cas != null) {
            throw new KrpcException("'sig', 'salt' or 'cas' without 'k'", tid);
        }
        return new KrpcQuery.PutItem(token, v, k, sig, seq, salt, cas);
    }

    private static KrpcResponse decodeResponse(Map<String, Object> m, byte[] tid) {
        Map<String, Object> r = BencodedDictionary.dictionary(m, "r");
        if (r == null) {
            throw new KrpcException("response without 'r'", tid);
        }
        NodeId sender = id(r, "id", tid);
        byte[] ip = BencodedDictionary.bytes(m, "ip");
        InetSocketAddress external = null;
        if (ip != null && (ip.length == CompactAddresses.PEER4 || ip.length == CompactAddresses.PEER6)) {
            external = CompactAddresses.decodePeer(ip);
        }
        byte[] nodes = BencodedDictionary.bytes(r, "nodes");
        byte[] nodes6 = BencodedDictionary.bytes(r, "nodes6");
        List<NodeInfo> v4 = nodes == null ? List.of() : decodeNodes(nodes, false, tid);
        List<NodeInfo> v6 = nodes6 == null ? List.of() : decodeNodes(nodes6, true, tid);
        List<InetSocketAddress> peers = new ArrayList<>();
        List<Object> values = BencodedDictionary.list(r, "values");
        if (values != null) {
            for (Object o : values.subList(0, Math.min(values.size(), MAX_LIST))) {
                // Entries of the wrong shape are skipped: one bad peer does not spoil the reply.
                if (o instanceof byte[] b && (b.length == CompactAddresses.PEER4 || b.length == CompactAddresses.PEER6)) {
                    peers.add(CompactAddresses.decodePeer(b));
                }
            }
        }
        byte[] k = BencodedDictionary.bytes(r, "k");
        byte[] sig = BencodedDictionary.bytes(r, "sig");
        if ((k != null && k.length != 32) || (sig != null && sig.length != 64)) {
            throw new KrpcException("'k' must be 32 bytes and 'sig' 64 bytes", tid);
        }
        return new KrpcResponse(tid, sender, external, v4, v6, peers, token(r, tid, false), r.get("v"), k, sig,
                BencodedDictionary.integer(r, "seq"));
    }

    private static List<NodeInfo> decodeNodes(byte[] data, boolean ipv6, byte[] tid) {
        try {
            return CompactAddresses.decodeNodes(data, ipv6);
        } catch (KrpcException e) {
            throw new KrpcException(e.getMessage(), tid);
        }
    }

    private static KrpcError decodeError(Map<String, Object> m, byte[] tid) {
        List<Object> e = BencodedDictionary.list(m, "e");
        if (e == null || e.isEmpty() || !(e.get(0) instanceof Long code)) {
            throw new KrpcException("error without a code", tid);
        }
        String text = e.size() > 1 && e.get(1) instanceof byte[] b
                ? new String(b, 0, Math.min(b.length, MAX_ERROR_MESSAGE), StandardCharsets.ISO_8859_1) : "";
        if (code < Integer.MIN_VALUE || code > Integer.MAX_VALUE) {
            throw new KrpcException("error code out of range", tid);
        }
        return new KrpcError(tid, code.intValue(), text);
    }

    private static NodeId id(Map<String, Object> d, String key, byte[] tid) {
        byte[] b = BencodedDictionary.bytes(d, key);
        if (b == null || b.length != NodeId.LENGTH) {
            throw new KrpcException("'" + key + "' must be 20 bytes", tid);
        }
        return NodeId.of(b);
    }

    private static byte[] token(Map<String, Object> d, byte[] tid, boolean required) {
        byte[] token = BencodedDictionary.bytes(d, "token");
        if ((token == null && required) || (token != null && token.length > MAX_TOKEN)) {
            throw new KrpcException(token == null ? "missing 'token'" : "token longer than " + MAX_TOKEN, tid);
        }
        return token;
    }

    private static Set<String> want(Map<String, Object> a) {
        List<Object> list = BencodedDictionary.list(a, "want");
        if (list == null) {
            return Set.of();
        }
        Set<String> want = new LinkedHashSet<>();
        for (Object o : list.subList(0, Math.min(list.size(), MAX_LIST))) {
            if (o instanceof byte[] b && b.length <= 8) {
                want.add(new String(b, StandardCharsets.ISO_8859_1));
            }
        }
        return Set.copyOf(want);
    }
}

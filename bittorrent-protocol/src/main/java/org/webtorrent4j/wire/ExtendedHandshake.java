package org.webtorrent4j.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.webtorrent4j.bencode.BencodedDictionary;

/**
 * The peer's BEP 10 extended handshake, decoded leniently: fields of the wrong type are ignored,
 * as BEP 10 asks, except {@code m}, which must be a dictionary when present.
 *
 * @param messageIds   extension name to the id the peer wants to receive it under (0 means disabled)
 * @param port         {@code p}: the peer's listen port, or 0
 * @param client       {@code v}: client name and version, or null
 * @param reqq         {@code reqq}: requests the peer queues without dropping, or 0 if unknown
 * @param yourIp       {@code yourip}: our address as the peer sees it (4 or 16 bytes), or null
 * @param metadataSize {@code metadata_size} (BEP 9), or -1
 * @param uploadOnly   {@code upload_only}: the peer is a seed or partial seed
 * @param fields       every field as decoded, for extensions that read their own
 */
public record ExtendedHandshake(Map<String, Integer> messageIds, int port, String client, int reqq, byte[] yourIp,
                                long metadataSize, boolean uploadOnly, Map<String, Object> fields) {

    static ExtendedHandshake parse(Map<String, Object> dict) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        Map<String, Object> m = BencodedDictionary.dictionary(dict, "m");
        if (m != null) {
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (e.getValue() instanceof Long id && id >= 0 && id <= 255) {
                    ids.put(e.getKey(), id.intValue());
                }
            }
        }
        long p = longOr(dict.get("p"), 0);
        long reqq = longOr(dict.get("reqq"), 0);
        long size = longOr(dict.get("metadata_size"), -1);
        String v = dict.get("v") instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : null;
        byte[] yourIp = dict.get("yourip") instanceof byte[] b && (b.length == 4 || b.length == 16) ? b : null;
        boolean uploadOnly = longOr(dict.get("upload_only"), 0) != 0;
        return new ExtendedHandshake(Collections.unmodifiableMap(ids), p > 0 && p <= 65535 ? (int) p : 0, v,
                reqq > 0 ? (int) Math.min(reqq, Integer.MAX_VALUE) : 0, yourIp, size < 0 ? -1 : size, uploadOnly,
                Collections.unmodifiableMap(dict));
    }

    /** The id the peer wants for {@code extension}, or 0 when it does not support it. */
    public int idOf(String extension) {
        return messageIds.getOrDefault(extension, 0);
    }

    private static long longOr(Object v, long fallback) {
        return v instanceof Long l ? l : fallback;
    }
}

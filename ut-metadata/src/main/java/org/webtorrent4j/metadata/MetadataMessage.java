package org.webtorrent4j.metadata;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.Decoded;

/**
 * One BEP 9 message: a bencoded dictionary ({@code msg_type}, {@code piece}, {@code total_size}),
 * followed by the block's bytes for a data message.
 *
 * @param type      request, data or reject
 * @param piece     the 16 KiB block index
 * @param totalSize the metadata size (data messages), or -1
 * @param data      the block (data messages), else empty
 */
public record MetadataMessage(Type type, int piece, long totalSize, byte[] data) {
    /** Metadata is exchanged in blocks of 16 KiB; only the last one may be shorter. */
    public static final int BLOCK_SIZE = 16 * 1024;

    private static final BencodeLimits LIMITS = BencodeLimits.DEFAULT.withMaxDepth(4);

    public enum Type { REQUEST, DATA, REJECT }

    public MetadataMessage {
        data = data == null ? new byte[0] : data;
    }

    public static MetadataMessage request(int piece) {
        return new MetadataMessage(Type.REQUEST, piece, -1, null);
    }

    public static MetadataMessage reject(int piece) {
        return new MetadataMessage(Type.REJECT, piece, -1, null);
    }

    public static MetadataMessage data(int piece, long totalSize, byte[] block) {
        return new MetadataMessage(Type.DATA, piece, totalSize, block);
    }

    /**
     * Decodes a message.
     *
     * @throws BencodeException for malformed bencode, a missing or wrong field, an unknown type,
     *                          or bytes after a request or reject
     */
    public static MetadataMessage decode(byte[] payload) {
        Decoded d = Bencode.decodePrefix(payload, 0, payload.length, LIMITS);
        if (!(d.value() instanceof Map<?, ?> dict)) {
            throw new BencodeException("ut_metadata message is not a dictionary", 0);
        }
        long type = integer(dict, "msg_type");
        long piece = integer(dict, "piece");
        if (piece < 0 || piece > Integer.MAX_VALUE) {
            throw new BencodeException("ut_metadata piece out of range: " + piece, 0);
        }
        if (type == 1) {
            long total = integer(dict, "total_size");
            if (total <= 0) {
                throw new BencodeException("ut_metadata total_size must be positive", 0);
            }
            return data((int) piece, total, Arrays.copyOfRange(payload, d.end(), payload.length));
        }
        if (d.end() != payload.length) {
            throw new BencodeException("bytes after a ut_metadata request or reject", d.end());
        }
        if (type == 0) return request((int) piece);
        if (type == 2) return reject((int) piece);
        throw new BencodeException("unknown ut_metadata msg_type " + type, 0);
    }

    public byte[] encode() {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("msg_type", (long) type.ordinal());
        dict.put("piece", (long) piece);
        if (type == Type.DATA) dict.put("total_size", totalSize);
        byte[] head = Bencode.encode(dict);
        byte[] all = Arrays.copyOf(head, head.length + data.length);
        System.arraycopy(data, 0, all, head.length, data.length);
        return all;
    }

    private static long integer(Map<?, ?> dict, String key) {
        if (!(dict.get(key) instanceof Long v)) {
            throw new BencodeException("ut_metadata message without integer " + key, 0);
        }
        return v;
    }
}

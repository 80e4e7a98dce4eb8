package org.webtorrent4j.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bounded bencode decoding and canonical encoding.
 *
 * <p>The value model: byte strings are {@code byte[]}, integers {@code Long}, lists
 * unmodifiable {@code List<Object>}, dictionaries unmodifiable {@code Map<String, Object>} in
 * input order. Dictionary keys are byte strings mapped one-to-one to ISO-8859-1 Strings, so
 * any key round-trips exactly.
 *
 * <p>Decoding is iterative (no recursion, so hostile nesting cannot overflow the stack),
 * checks every length against the input before allocating, accepts only exact integers in
 * the range of {@code long}, and rejects leading zeros, {@code -0}, duplicate keys, non-string
 * keys and trailing bytes. Unsorted keys are accepted (real torrents have them).
 */
public final class Bencode {
    private Bencode() {}

    /** Decodes an input that must hold exactly one value, under the default limits. */
    public static Object decode(byte[] data) {
        return decode(data, BencodeLimits.DEFAULT);
    }

    /** Decodes an input that must hold exactly one value. */
    public static Object decode(byte[] data, BencodeLimits limits) {
        Decoded decoded = decodePrefix(data, 0, data.length, limits, null);
        requireNoTrailingBytes(decoded, data.length);
        return decoded.value();
    }

    /** Decodes an input that must hold exactly one dictionary, under the default limits. */
    public static Map<String, Object> decodeDictionary(byte[] data) {
        return decodeDictionary(data, BencodeLimits.DEFAULT).values();
    }

    /**
     * Decodes an input that must hold exactly one dictionary, and also reports where each of its
     * top-level values lies in the input (e.g. the raw {@code info} dictionary of a torrent).
     */
    public static BencodedDictionary decodeDictionary(byte[] data, BencodeLimits limits) {
        if (data.length == 0 || data[0] != 'd') {
            throw new BencodeException("expected a dictionary", 0);
        }
        Map<String, Span> spans = new LinkedHashMap<>();
        Decoded decoded = decodePrefix(data, 0, data.length, limits, spans);
        requireNoTrailingBytes(decoded, data.length);
        @SuppressWarnings("unchecked")
        Map<String, Object> values = (Map<String, Object>) decoded.value();
        return new BencodedDictionary(values, Collections.unmodifiableMap(spans));
    }

    /**
     * Decodes the one value that starts at {@code offset}; bytes after it, up to {@code end}, are
     * left alone (ut_metadata sends a dictionary followed by raw data).
     */
    public static Decoded decodePrefix(byte[] data, int offset, int end, BencodeLimits limits) {
        return decodePrefix(data, offset, end, limits, null);
    }

    private static void requireNoTrailingBytes(Decoded decoded, int length) {
        if (decoded.end() != length) {
            throw new BencodeException("trailing bytes after the value", decoded.end());
        }
    }

    /** One open list or dictionary while decoding. */
    private static final class Frame {
        final List<Object> list;
        final Map<String, Object> dict;
        String pendingKey;

        Frame(boolean dictionary) {
            list = dictionary ? null : new ArrayList<>();
            dict = dictionary ? new LinkedHashMap<>() : null;
        }

        Object close() {
            return dict != null ? Collections.unmodifiableMap(dict) : Collections.unmodifiableList(list);
        }
    }

    private static Decoded decodePrefix(byte[] d, int offset, int end, BencodeLimits limits, Map<String, Span> topSpans) {
        if (offset < 0 || end > d.length || offset > end) {
            throw new IndexOutOfBoundsException("offset " + offset + ", end " + end + ", length " + d.length);
        }
        if (end - offset > limits.maxInputLength()) {
            throw new BencodeException("input of " + (end - offset) + " bytes exceeds the limit of "
                    + limits.maxInputLength(), offset);
        }
        Deque<Frame> stack = new ArrayDeque<>();
        int p = offset;
        int topValueStart = -1;
        while (true) {
            if (p >= end) {
                throw new BencodeException("truncated input", p);
            }
            Frame top = stack.peek();
            byte c = d[p];
            if (top != null && top.dict != null && top.pendingKey == null && c != 'e' && (c < '0' || c > '9')) {
                throw new BencodeException("dictionary key must be a byte string", p);
            }
            if (topSpans != null && stack.size() == 1 && top.pendingKey != null) {
                topValueStart = p;
            }
            Object value;
            switch (c) {
                case 'i' -> {
                    int close = indexOf(d, (byte) 'e', p + 1, end, 21);
                    value = parseInteger(d, p + 1, close);
                    p = close + 1;
                }
                case 'l', 'd' -> {
                    if (stack.size() >= limits.maxDepth()) {
                        throw new BencodeException("nesting deeper than " + limits.maxDepth(), p);
                    }
                    stack.push(new Frame(c == 'd'));
                    p++;
                    continue;
                }
                case 'e' -> {
                    if (top == null) {
                        throw new BencodeException("unexpected end marker", p);
                    }
                    if (top.pendingKey != null) {
                        throw new BencodeException("dictionary key '" + top.pendingKey + "' has no value", p);
                    }
                    stack.pop();
                    value = top.close();
                    p++;
                }
                default -> {
                    if (c < '0' || c > '9') {
                        throw new BencodeException("unexpected byte 0x" + Integer.toHexString(c & 0xff), p);
                    }
                    int colon = indexOf(d, (byte) ':', p, end, 11);
                    long length = parseDigits(d, p, colon);
                    if (length > end - colon - 1) {
                        throw new BencodeException("byte string of " + length + " bytes runs past the end of the input", p);
                    }
                    int start = colon + 1;
                    byte[] bytes = new byte[(int) length];
                    System.arraycopy(d, start, bytes, 0, bytes.length);
                    value = bytes;
                    p = start + bytes.length;
                }
            }
            Frame parent = stack.peek();
            if (parent == null) {
                return new Decoded(value, p);
            }
            if (parent.dict == null) {
                parent.list.add(value);
            } else if (parent.pendingKey == null) {
                String key = new String((byte[]) value, StandardCharsets.ISO_8859_1);
                if (parent.dict.containsKey(key)) {
                    throw new BencodeException("duplicate dictionary key '" + key + "'", p);
                }
                parent.pendingKey = key;
            } else {
                parent.dict.put(parent.pendingKey, value);
                if (topSpans != null && stack.size() == 1) {
                    topSpans.put(parent.pendingKey, new Span(topValueStart, p));
                }
                parent.pendingKey = null;
            }
        }
    }

    private static int indexOf(byte[] d, byte b, int from, int end, int maxDistance) {
        int limit = Math.min(end, from + maxDistance);
        for (int i = from; i < limit; i++) {
            if (d[i] == b) {
                return i;
            }
        }
        throw new BencodeException(end <= limit ? "truncated input" : "missing '" + (char) b + "'", from);
    }

    private static long parseInteger(byte[] d, int from, int to) {
        boolean negative = from < to && d[from] == '-';
        int digits = negative ? from + 1 : from;
        if (digits == to) {
            throw new BencodeException("empty integer", from);
        }
        if (d[digits] == '0' && (to - digits > 1 || negative)) {
            throw new BencodeException(negative ? "negative zero" : "integer with a leading zero", from);
        }
        for (int i = digits; i < to; i++) {
            if (d[i] < '0' || d[i] > '9') {
                throw new BencodeException("invalid digit", i);
            }
        }
        try {
            return Long.parseLong(new String(d, from, to - from, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new BencodeException("integer out of range", from);
        }
    }

    /** Parses 1 to 19 ASCII digits; overflow past Long.MAX_VALUE is an error. */
    private static long parseDigits(byte[] d, int from, int to) {
        if (from == to || to - from > 19) {
            throw new BencodeException(from == to ? "missing digits" : "number out of range", from);
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            int digit = d[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new BencodeException("invalid digit", i);
            }
            if (n > (Long.MAX_VALUE - digit) / 10) {
                throw new BencodeException("number out of range", from);
            }
            n = n * 10 + digit;
        }
        return n;
    }

    /**
     * Encodes a value canonically (dictionary keys sorted by their bytes). Accepts {@code byte[]},
     * {@code String} (written as UTF-8), any integral {@code Number}, {@code List}, and
     * {@code Map<String, ?>} whose keys are ISO-8859-1 Strings as produced by the decoder.
     */
    public static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        encode(value, out, 0);
        return out.toByteArray();
    }

    private static void encode(Object value, ByteArrayOutputStream out, int depth) {
        if (depth > BencodeLimits.DEFAULT.maxDepth()) {
            throw new IllegalArgumentException("value nested deeper than " + BencodeLimits.DEFAULT.maxDepth());
        }
        if (value instanceof byte[] bytes) {
            writeBytes(bytes, out);
        } else if (value instanceof String s) {
            writeBytes(s.getBytes(StandardCharsets.UTF_8), out);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeBytes(("i" + ((Number) value).longValue() + "e").getBytes(StandardCharsets.US_ASCII));
        } else if (value instanceof List<?> list) {
            out.write('l');
            for (Object item : list) {
                encode(item, out, depth + 1);
            }
            out.write('e');
        } else if (value instanceof Map<?, ?> map) {
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("dictionary keys must be Strings, got " + e.getKey());
                }
                sorted.put(key, e.getValue());
            }
            out.write('d');
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                // ISO-8859-1 Strings sort by char exactly as their bytes sort unsigned.
                writeBytes(keyBytes(e.getKey()), out);
                encode(e.getValue(), out, depth + 1);
            }
            out.write('e');
        } else {
            throw new IllegalArgumentException("cannot bencode " + (value == null ? "null" : value.getClass().getName()));
        }
    }

    private static byte[] keyBytes(String key) {
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) > 0xff) {
                throw new IllegalArgumentException("dictionary key is not ISO-8859-1: " + key);
            }
        }
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void writeBytes(byte[] bytes, ByteArrayOutputStream out) {
        out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
        out.write(':');
        out.writeBytes(bytes);
    }
}

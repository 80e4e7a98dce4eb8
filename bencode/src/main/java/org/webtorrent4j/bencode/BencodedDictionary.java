package org.webtorrent4j.bencode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A decoded top-level dictionary together with the raw span of each of its values in the input.
 *
 * @param values the entries, in input order
 * @param spans  where each top-level value lies in the input, by key
 */
public record BencodedDictionary(Map<String, Object> values, Map<String, Span> spans) {

    /** Typed look-ups on a decoded dictionary: a present value of the wrong type is an error. */
    public static byte[] bytes(Map<String, Object> dict, String key) {
        return typed(dict, key, byte[].class, "a byte string");
    }

    /** A byte string read as UTF-8, or null when absent. */
    public static String string(Map<String, Object> dict, String key) {
        byte[] b = bytes(dict, key);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    public static Long integer(Map<String, Object> dict, String key) {
        return typed(dict, key, Long.class, "an integer");
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Map<String, Object> dict, String key) {
        return typed(dict, key, List.class, "a list");
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> dictionary(Map<String, Object> dict, String key) {
        return typed(dict, key, Map.class, "a dictionary");
    }

    private static <T> T typed(Map<String, Object> dict, String key, Class<T> type, String what) {
        Object v = dict.get(key);
        if (v == null) {
            return null;
        }
        if (!type.isInstance(v)) {
            throw new BencodeTypeException("'" + key + "' must be " + what);
        }
        return type.cast(v);
    }
}

package org.webtorrent4j.torrent;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.webtorrent4j.bencode.BencodeTypeException;
import org.webtorrent4j.bencode.BencodedDictionary;

/** Typed reads of torrent dictionary fields: a present value of the wrong type is an {@link InvalidTorrentException}. */
final class Fields {
    private Fields() {}

    static byte[] bytes(Map<String, Object> dict, String key) {
        try {
            return BencodedDictionary.bytes(dict, key);
        } catch (BencodeTypeException e) {
            throw new InvalidTorrentException(e.getMessage());
        }
    }

    /** A UTF-8 string, preferring the {@code key.utf-8} variant when present. */
    static String utf8String(Map<String, Object> dict, String key) {
        byte[] b = bytes(dict, key + ".utf-8");
        if (b == null) {
            b = bytes(dict, key);
        }
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static Long integer(Map<String, Object> dict, String key) {
        try {
            return BencodedDictionary.integer(dict, key);
        } catch (BencodeTypeException e) {
            throw new InvalidTorrentException(e.getMessage());
        }
    }

    static List<Object> list(Map<String, Object> dict, String key) {
        try {
            return BencodedDictionary.list(dict, key);
        } catch (BencodeTypeException e) {
            throw new InvalidTorrentException(e.getMessage());
        }
    }

    static Map<String, Object> dictionary(Map<String, Object> dict, String key) {
        try {
            return BencodedDictionary.dictionary(dict, key);
        } catch (BencodeTypeException e) {
            throw new InvalidTorrentException(e.getMessage());
        }
    }
}

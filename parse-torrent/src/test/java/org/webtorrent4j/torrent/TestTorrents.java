package org.webtorrent4j.torrent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.webtorrent4j.bencode.Bencode;

/** Hand-made torrents for tests. */
final class TestTorrents {
    private TestTorrents() {}

    static byte[] resource(String name) {
        try (InputStream in = TestTorrents.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid single-file v1 info dictionary of {@code length} bytes in 16 KiB pieces. */
    static Map<String, Object> singleFileInfo(String name, long length) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("length", length);
        info.put("name", name);
        info.put("piece length", 16384L);
        info.put("pieces", new byte[(int) (20 * ((length + 16383) / 16384))]);
        return info;
    }

    /** A valid multi-file v1 info dictionary; each file is {path components..., length}. */
    static Map<String, Object> multiFileInfo(String name, List<Object[]> files) {
        long total = 0;
        List<Object> list = new java.util.ArrayList<>();
        for (Object[] f : files) {
            Map<String, Object> file = new LinkedHashMap<>();
            long length = (Long) f[f.length - 1];
            file.put("length", length);
            file.put("path", List.of(java.util.Arrays.copyOf(f, f.length - 1)));
            list.add(file);
            total += length;
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("files", list);
        info.put("name", name);
        info.put("piece length", 16384L);
        info.put("pieces", new byte[(int) (20 * ((total + 16383) / 16384))]);
        return info;
    }

    static byte[] torrent(Map<String, Object> info) {
        return Bencode.encode(Map.of("info", info));
    }

    static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy;
    }
}

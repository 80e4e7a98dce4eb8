package org.webtorrent4j.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.torrent.Torrent;

/** Builds small torrents and their data in a folder, for tests. */
final class TestTorrents {
    private TestTorrents() {}

    /** A file of the test torrent: its path below the torrent's folder and its content. */
    record Content(String path, byte[] data) {}

    /**
     * A v2-only torrent libtorrent made (parse-torrent's fixture: files of several pieces and
     * smaller ones, 32 KiB pieces), with its piece layers.
     */
    static Torrent v2Fixture() {
        try (java.io.InputStream in = TestTorrents.class.getResourceAsStream("v2hash.torrent")) {
            return Torrent.parse(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    /**
     * Writes the files into {@code dir} (under {@code name/} for a multi-file torrent) and returns
     * the torrent describing them.
     */
    static Torrent write(Path dir, String name, int pieceLength, List<Content> files) throws IOException {
        byte[] all = concat(files);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("piece length", (long) pieceLength);
        info.put("pieces", pieceHashes(all, pieceLength));
        if (files.size() == 1 && files.get(0).path().equals(name)) {
            info.put("length", (long) all.length);
        } else {
            List<Object> list = new ArrayList<>();
            for (Content f : files) {
                list.add(Map.of("length", (long) f.data().length, "path", List.of(f.path().split("/"))));
            }
            info.put("files", list);
        }
        if (dir != null) {
            boolean single = info.containsKey("length");
            for (Content f : files) {
                Path p = single ? dir.resolve(name) : dir.resolve(name).resolve(f.path());
                Files.createDirectories(p.getParent());
                Files.write(p, f.data());
            }
        }
        return Torrent.parse(Bencode.encode(Map.of("info", info)));
    }

    static byte[] concat(List<Content> files) {
        int total = files.stream().mapToInt(f -> f.data().length).sum();
        byte[] all = new byte[total];
        int at = 0;
        for (Content f : files) {
            System.arraycopy(f.data(), 0, all, at, f.data().length);
            at += f.data().length;
        }
        return all;
    }

    private static byte[] pieceHashes(byte[] all, int pieceLength) {
        try {
            int count = (all.length + pieceLength - 1) / pieceLength;
            byte[] hashes = new byte[count * 20];
            for (int p = 0; p < count; p++) {
                MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
                sha1.update(all, p * pieceLength, Math.min(pieceLength, all.length - p * pieceLength));
                System.arraycopy(sha1.digest(), 0, hashes, p * 20, 20);
            }
            return hashes;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.webtorrent4j.torrent;

import java.util.Arrays;
import org.webtorrent4j.magnet.HashText;
import org.webtorrent4j.magnet.InvalidMagnetUriException;

/** A torrent's info-hash: v1 (SHA-1, 20 bytes) or v2 (SHA-256, 32 bytes, BEP 52). Immutable. */
public final class InfoHash {
    private final byte[] bytes;

    private InfoHash(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps 20 (v1) or 32 (v2) bytes. */
    public static InfoHash of(byte[] bytes) {
        if (bytes.length != 20 && bytes.length != 32) {
            throw new InvalidTorrentException("an info-hash has 20 (v1) or 32 (v2) bytes, got " + bytes.length);
        }
        return new InfoHash(bytes.clone());
    }

    /** Parses 40 (v1) or 64 (v2) hex characters, either case. */
    public static InfoHash fromHex(String hex) {
        if (hex.length() != 40 && hex.length() != 64) {
            throw new InvalidTorrentException("an info-hash has 40 or 64 hex characters, got " + hex.length());
        }
        try {
            return new InfoHash(HashText.fromHex(hex, hex.length() / 2));
        } catch (InvalidMagnetUriException e) {
            throw new InvalidTorrentException("bad hex info-hash: " + e.getMessage());
        }
    }

    /** Parses a 32-character base32 v1 info-hash, either case. */
    public static InfoHash fromBase32(String base32) {
        try {
            return new InfoHash(HashText.fromBase32(base32, 20));
        } catch (InvalidMagnetUriException e) {
            throw new InvalidTorrentException("bad base32 info-hash: " + e.getMessage());
        }
    }

    /** 1 for a 20-byte SHA-1 hash, 2 for a 32-byte SHA-256 hash. */
    public int version() {
        return bytes.length == 20 ? 1 : 2;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hex. */
    public String hex() {
        return HashText.toHex(bytes);
    }

    /** The first 20 bytes, as v2 hashes are used in the peer handshake and by trackers and the DHT. */
    public byte[] truncated() {
        return Arrays.copyOf(bytes, 20);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}

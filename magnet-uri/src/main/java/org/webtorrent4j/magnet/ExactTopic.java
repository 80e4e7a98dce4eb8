package org.webtorrent4j.magnet;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One {@code xt} (exact topic) of a magnet link: a BitTorrent v1 info-hash ({@code urn:btih:}),
 * a v2 info-hash ({@code urn:btmh:1220...}, a SHA-256 multihash), or another URN kept as written.
 */
public final class ExactTopic {
    /** What an exact topic names. */
    public enum Kind {
        /** {@code urn:btih:}, a 20-byte SHA-1 v1 info-hash. */
        BTIH,
        /** {@code urn:btmh:}, a 32-byte SHA-256 v2 info-hash. */
        BTMH,
        /** Any other URN (e.g. {@code urn:sha1:}); kept and re-emitted, not interpreted. */
        OTHER
    }

    private static final String BTIH = "urn:btih:";
    private static final String BTMH = "urn:btmh:";
    private static final String SHA256_MULTIHASH_PREFIX = "1220";

    private final Kind kind;
    private final byte[] hash;
    private final String urn;

    private ExactTopic(Kind kind, byte[] hash, String urn) {
        this.kind = kind;
        this.hash = hash;
        this.urn = urn;
    }

    public static ExactTopic btih(byte[] infoHashV1) {
        if (infoHashV1.length != 20) {
            throw new InvalidMagnetUriException("a v1 info-hash has 20 bytes, got " + infoHashV1.length);
        }
        return new ExactTopic(Kind.BTIH, infoHashV1.clone(), null);
    }

    public static ExactTopic btmh(byte[] infoHashV2) {
        if (infoHashV2.length != 32) {
            throw new InvalidMagnetUriException("a v2 info-hash has 32 bytes, got " + infoHashV2.length);
        }
        return new ExactTopic(Kind.BTMH, infoHashV2.clone(), null);
    }

    /** Parses the (already percent-decoded) value of an {@code xt} parameter. */
    public static ExactTopic parse(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith(BTIH)) {
            String hash = value.substring(BTIH.length());
            return switch (hash.length()) {
                case 40 -> btih(HashText.fromHex(hash, 20));
                case 32 -> btih(HashText.fromBase32(hash, 20));
                default -> throw new InvalidMagnetUriException("urn:btih: needs 40 hex or 32 base32 characters, got "
                        + hash.length());
            };
        }
        if (lower.startsWith(BTMH)) {
            String multihash = value.substring(BTMH.length());
            if (!multihash.startsWith(SHA256_MULTIHASH_PREFIX)) {
                throw new InvalidMagnetUriException("urn:btmh: must be a SHA-256 multihash starting with 1220");
            }
            String hash = multihash.substring(SHA256_MULTIHASH_PREFIX.length());
            if (hash.length() != 64) {
                throw new InvalidMagnetUriException("urn:btmh:1220 needs 64 hex characters after the prefix, got "
                        + hash.length());
            }
            return btmh(HashText.fromHex(hash, 32));
        }
        if (!lower.startsWith("urn:") || value.length() <= 4) {
            throw new InvalidMagnetUriException("xt '" + value + "' is not a URN");
        }
        return new ExactTopic(Kind.OTHER, null, value);
    }

    public Kind kind() {
        return kind;
    }

    /** The raw info-hash (20 bytes for BTIH, 32 for BTMH), or null for {@link Kind#OTHER}. */
    public byte[] hash() {
        return hash == null ? null : hash.clone();
    }

    /** The topic as written in a link: {@code urn:btih:<40 hex>}, {@code urn:btmh:1220<64 hex>}, or the URN. */
    public String urn() {
        return switch (kind) {
            case BTIH -> BTIH + HashText.toHex(hash);
            case BTMH -> BTMH + SHA256_MULTIHASH_PREFIX + HashText.toHex(hash);
            case OTHER -> urn;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExactTopic t && kind == t.kind && Arrays.equals(hash, t.hash) && Objects.equals(urn, t.urn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(hash), urn);
    }

    @Override
    public String toString() {
        return urn();
    }
}

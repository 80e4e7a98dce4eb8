package org.webtorrent4j.bencode;

/**
 * Bounds applied while decoding untrusted bencode.
 *
 * @param maxDepth        deepest nesting of lists and dictionaries accepted (default 100, as libtorrent)
 * @param maxInputLength  largest input accepted, in bytes (default 50 MiB, the largest sane .torrent)
 */
public record BencodeLimits(int maxDepth, int maxInputLength) {
    public static final BencodeLimits DEFAULT = new BencodeLimits(100, 50 * 1024 * 1024);

    public BencodeLimits {
        if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be >= 1");
        if (maxInputLength < 1) throw new IllegalArgumentException("maxInputLength must be >= 1");
    }

    public BencodeLimits withMaxDepth(int depth) {
        return new BencodeLimits(depth, maxInputLength);
    }

    public BencodeLimits withMaxInputLength(int length) {
        return new BencodeLimits(maxDepth, length);
    }
}

package org.webtorrent4j.wire;

/**
 * Bounds on what a peer may make us buffer or queue. Each is checked before anything is allocated;
 * a violation closes the connection with a {@link CloseReason}.
 *
 * @param maxBlockLength            largest block a request may ask for and a piece message may carry (16 KiB)
 * @param maxPeerRequests           requests a peer may queue with us; advertised as {@code reqq} (250)
 * @param maxExtendedMessageLength  largest BEP 10 extended message payload (1 MiB)
 * @param maxPieces                 most pieces accepted before the torrent's piece count is known,
 *                                  which bounds an early bitfield (2^21 pieces = 256 KiB bitfield)
 * @param maxUnknownMessageLength   largest message of a type we do not know, skipped unread (64 KiB)
 * @param maxHashesPerMessage       most base-layer hashes a BEP 52 hash request may ask for and a
 *                                  hashes message may carry (8192, as libtorrent)
 */
public record WireLimits(int maxBlockLength, int maxPeerRequests, int maxExtendedMessageLength,
                         int maxPieces, int maxUnknownMessageLength, int maxHashesPerMessage) {

    public static final WireLimits DEFAULT = new WireLimits(16 * 1024, 250, 1024 * 1024, 1 << 21, 64 * 1024, 8192);

    public WireLimits {
        positive(maxBlockLength, "maxBlockLength");
        positive(maxPeerRequests, "maxPeerRequests");
        positive(maxExtendedMessageLength, "maxExtendedMessageLength");
        positive(maxPieces, "maxPieces");
        positive(maxUnknownMessageLength, "maxUnknownMessageLength");
        positive(maxHashesPerMessage, "maxHashesPerMessage");
        if (maxBlockLength > 1 << 24 || maxExtendedMessageLength > 1 << 26 || maxHashesPerMessage > 1 << 20) {
            throw new IllegalArgumentException("block length at most 16 MiB, extended messages at most 64 MiB, "
                    + "at most 2^20 hashes per message");
        }
    }

    public static Builder builder() {
        return new Builder(DEFAULT);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public static final class Builder {
        private int maxBlockLength;
        private int maxPeerRequests;
        private int maxExtendedMessageLength;
        private int maxPieces;
        private int maxUnknownMessageLength;
        private int maxHashesPerMessage;

        private Builder(WireLimits l) {
            maxBlockLength = l.maxBlockLength;
            maxPeerRequests = l.maxPeerRequests;
            maxExtendedMessageLength = l.maxExtendedMessageLength;
            maxPieces = l.maxPieces;
            maxUnknownMessageLength = l.maxUnknownMessageLength;
            maxHashesPerMessage = l.maxHashesPerMessage;
        }

        public Builder maxBlockLength(int v) { maxBlockLength = v; return this; }
        public Builder maxPeerRequests(int v) { maxPeerRequests = v; return this; }
        public Builder maxExtendedMessageLength(int v) { maxExtendedMessageLength = v; return this; }
        public Builder maxPieces(int v) { maxPieces = v; return this; }
        public Builder maxUnknownMessageLength(int v) { maxUnknownMessageLength = v; return this; }
        public Builder maxHashesPerMessage(int v) { maxHashesPerMessage = v; return this; }

        public WireLimits build() {
            return new WireLimits(maxBlockLength, maxPeerRequests, maxExtendedMessageLength, maxPieces,
                    maxUnknownMessageLength, maxHashesPerMessage);
        }
    }
}

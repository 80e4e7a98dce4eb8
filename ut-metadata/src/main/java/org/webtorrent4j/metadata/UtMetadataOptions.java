package org.webtorrent4j.metadata;

import java.time.Duration;

/**
 * Bounds of a metadata fetch.
 *
 * @param maxMetadataSize   largest {@code metadata_size} believed (8 MiB); larger announcements are ignored
 * @param requestsPerPeer   blocks requested from one peer at a time (4)
 * @param requestTimeout    a block not answered in this time is asked of another peer (20 s)
 * @param maxStrikes        hash failures a contributing peer may share in before it is dropped (2); a
 *                          peer that alone supplied metadata that fails the hash is dropped at once
 */
public record UtMetadataOptions(int maxMetadataSize, int requestsPerPeer, Duration requestTimeout, int maxStrikes) {
    public static final UtMetadataOptions DEFAULT = builder().build();

    public UtMetadataOptions {
        if (maxMetadataSize <= 0 || requestsPerPeer <= 0 || maxStrikes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private int maxMetadataSize = 8 * 1024 * 1024;
        private int requestsPerPeer = 4;
        private Duration requestTimeout = Duration.ofSeconds(20);
        private int maxStrikes = 2;

        public Builder maxMetadataSize(int v) { maxMetadataSize = v; return this; }
        public Builder requestsPerPeer(int v) { requestsPerPeer = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder maxStrikes(int v) { maxStrikes = v; return this; }

        public UtMetadataOptions build() {
            return new UtMetadataOptions(maxMetadataSize, requestsPerPeer, requestTimeout, maxStrikes);
        }
    }
}

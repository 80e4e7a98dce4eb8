package org.webtorrent4j.pex;

import java.time.Duration;

/**
 * Rates and bounds of peer exchange.
 *
 * @param sendInterval        time between two messages we send (1 min, as BEP 11 asks)
 * @param minReceiveInterval  a peer's messages closer together than this are a flood (45 s, some slack)
 * @param maxAdded            added peers per message we send (50); received lists are read up to
 *                            {@link UtPex#MAX_RECEIVED_ENTRIES}, whatever their length
 * @param maxDropped          dropped peers per message we send (50)
 * @param maxFloods           flooding messages ignored before the peer is disconnected (3)
 */
public record UtPexOptions(Duration sendInterval, Duration minReceiveInterval, int maxAdded, int maxDropped, int maxFloods) {
    public static final UtPexOptions DEFAULT = builder().build();

    public UtPexOptions {
        if (sendInterval == null || minReceiveInterval == null || sendInterval.isNegative() || minReceiveInterval.isNegative()) {
            throw new IllegalArgumentException("intervals must not be negative");
        }
        if (maxAdded <= 0 || maxDropped <= 0 || maxFloods <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration sendInterval = Duration.ofMinutes(1);
        private Duration minReceiveInterval = Duration.ofSeconds(45);
        private int maxAdded = 50;
        private int maxDropped = 50;
        private int maxFloods = 3;

        public Builder sendInterval(Duration v) { sendInterval = v; return this; }
        public Builder minReceiveInterval(Duration v) { minReceiveInterval = v; return this; }
        public Builder maxAdded(int v) { maxAdded = v; return this; }
        public Builder maxDropped(int v) { maxDropped = v; return this; }
        public Builder maxFloods(int v) { maxFloods = v; return this; }

        public UtPexOptions build() {
            return new UtPexOptions(sendInterval, minReceiveInterval, maxAdded, maxDropped, maxFloods);
        }
    }
}

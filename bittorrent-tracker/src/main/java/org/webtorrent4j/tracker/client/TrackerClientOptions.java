package org.webtorrent4j.tracker.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.webtorrent4j.tracker.Id20;

/**
 * Settings of a {@link TrackerClient}.
 *
 * @param infoHash           the torrent
 * @param peerId             our peer id (default: random, {@code -WJ0010-} style)
 * @param port               our listening port (0 for a WebRTC-only peer)
 * @param tiers              announce URLs by tier (BEP 12); http(s)://, udp:// and ws(s):// are understood
 * @param numwant            peers asked for (default 50)
 * @param key                the announce key (default random)
 * @param listener           receives every result
 * @param stats              called before each announce for uploaded/downloaded/left (default unknown size)
 * @param offers             makes WebRTC offers for WebSocket announces (default none)
 * @param announceToAllTiers announce to one tracker of every tier instead of only the first tier that answers (default false)
 * @param requestTimeout     time allowed for an HTTP or WebSocket request (default 15 s)
 * @param udpRetransmitBase  first UDP retransmission delay, doubling after each (default 15 s, as BEP 15)
 * @param udpMaxAttempts     UDP transmissions before giving up (default 4)
 * @param wsReconnectMin     first WebSocket reconnect delay, doubling (default 10 s)
 * @param wsReconnectMax     longest WebSocket reconnect delay (default 1 h)
 * @param retryMin           first re-announce delay after every tracker failed, doubling up to the interval (default 30 s)
 * @param runtime            shared I/O runtime, or null for a private one closed with the client
 */
public record TrackerClientOptions(Id20 infoHash, Id20 peerId, int port, List<List<URI>> tiers, int numwant, int key,
        TrackerListener listener, Supplier<TransferStats> stats, OfferFactory offers, boolean announceToAllTiers,
        Duration requestTimeout, Duration udpRetransmitBase, int udpMaxAttempts, Duration wsReconnectMin,
        Duration wsReconnectMax, Duration retryMin, TrackerRuntime runtime) {

    public TrackerClientOptions {
        if (infoHash == null || peerId == null) {
            throw new IllegalArgumentException("infoHash and peerId are required");
        }
        if (tiers == null || tiers.stream().allMatch(List::isEmpty)) {
            throw new IllegalArgumentException("at least one announce URL is required");
        }
        tiers = tiers.stream().map(List::copyOf).toList();
        if (udpMaxAttempts < 1) {
            throw new IllegalArgumentException("udpMaxAttempts must be >= 1");
        }
    }

    public static Builder builder(Id20 infoHash) {
        return new Builder(infoHash);
    }

    public static final class Builder {
        private final Id20 infoHash;
        private Id20 peerId = Id20.randomPeerId();
        private int port;
        private final List<List<URI>> tiers = new ArrayList<>();
        private int numwant = 50;
        private int key = ThreadLocalRandom.current().nextInt();
        private TrackerListener listener = new TrackerListener() {};
        private Supplier<TransferStats> stats = () -> TransferStats.UNKNOWN;
        private OfferFactory offers = OfferFactory.NONE;
        private boolean announceToAllTiers;
        private Duration requestTimeout = Duration.ofSeconds(15);
        private Duration udpRetransmitBase = Duration.ofSeconds(15);
        private int udpMaxAttempts = 4;
        private Duration wsReconnectMin = Duration.ofSeconds(10);
        private Duration wsReconnectMax = Duration.ofHours(1);
        private Duration retryMin = Duration.ofSeconds(30);
        private TrackerRuntime runtime;

        Builder(Id20 infoHash) {
            this.infoHash = infoHash;
        }

        public Builder peerId(Id20 v) { peerId = v; return this; }
        public Builder port(int v) { port = v; return this; }
        /** Adds one tier of trackers. */
        public Builder tier(String... urls) {
            tiers.add(java.util.Arrays.stream(urls).map(URI::create).toList());
            return this;
        }
        public Builder tiers(List<List<URI>> v) { tiers.clear(); tiers.addAll(v); return this; }
        public Builder numwant(int v) { numwant = v; return this; }
        public Builder key(int v) { key = v; return this; }
        public Builder listener(TrackerListener v) { listener = v; return this; }
        public Builder stats(Supplier<TransferStats> v) { stats = v; return this; }
        public Builder offers(OfferFactory v) { offers = v; return this; }
        public Builder announceToAllTiers(boolean v) { announceToAllTiers = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder udpRetransmitBase(Duration v) { udpRetransmitBase = v; return this; }
        public Builder udpMaxAttempts(int v) { udpMaxAttempts = v; return this; }
        public Builder wsReconnectMin(Duration v) { wsReconnectMin = v; return this; }
        public Builder wsReconnectMax(Duration v) { wsReconnectMax = v; return this; }
        public Builder retryMin(Duration v) { retryMin = v; return this; }
        public Builder runtime(TrackerRuntime v) { runtime = v; return this; }

        public TrackerClientOptions build() {
            return new TrackerClientOptions(infoHash, peerId, port, tiers, numwant, key, listener, stats, offers,
                    announceToAllTiers, requestTimeout, udpRetransmitBase, udpMaxAttempts, wsReconnectMin,
                    wsReconnectMax, retryMin, runtime);
        }
    }
}

package org.webtorrent4j.swarm;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import org.webtorrent4j.wire.WireOptions;

/**
 * How a swarm listens and dials.
 *
 * @param listen              address and port to accept connections on (port 0: any free port)
 * @param peerId              our 20-byte peer id
 * @param maxConnections      connections over all torrents (default 200)
 * @param maxPerTorrent       connections of one torrent (default 50)
 * @param maxHalfOpen         dials in progress at once (default 16)
 * @param maxPendingIncoming  accepted connections whose handshake has not named a torrent yet
 *                            (default 64); more are closed at once
 * @param maxQueuedPeers      known, not yet dialed peers kept per torrent (default 1000)
 * @param maxDialFailures     failed dials before a peer is dropped (default 4)
 * @param retryBackoff        base back-off after a failure, doubled each time (default 10 s)
 * @param connectTimeout      time allowed to open a connection (default 5 s)
 * @param wireOptions         options of every wire
 */
public record SwarmOptions(InetSocketAddress listen, byte[] peerId, int maxConnections, int maxPerTorrent,
        int maxHalfOpen, int maxPendingIncoming, int maxQueuedPeers, int maxDialFailures, Duration retryBackoff,
        Duration connectTimeout, WireOptions wireOptions) {

    public SwarmOptions {
        if (peerId.length != 20) {
            throw new IllegalArgumentException("peer id must be 20 bytes");
        }
        if (maxConnections < 0 || maxPerTorrent < 0 || maxHalfOpen < 0 || maxPendingIncoming < 0 || maxQueuedPeers < 0
                || maxDialFailures < 0) {
            throw new IllegalArgumentException("a limit cannot be negative");
        }
        if (retryBackoff.isNegative() || retryBackoff.isZero() || retryBackoff.compareTo(Duration.ofDays(1)) > 0
                || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("retry back-off (up to a day) and connect timeout must be positive");
        }
        peerId = peerId.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A peer id in the Azureus style: {@code -WJ0010-} and 12 random bytes. */
    public static byte[] randomPeerId() {
        byte[] id = new byte[20];
        new SecureRandom().nextBytes(id);
        System.arraycopy("-WJ0010-".getBytes(StandardCharsets.US_ASCII), 0, id, 0, 8);
        return id;
    }

    public static final class Builder {
        private InetSocketAddress listen = new InetSocketAddress(0);
        private byte[] peerId = randomPeerId();
        private int maxConnections = 200;
        private int maxPerTorrent = 50;
        private int maxHalfOpen = 16;
        private int maxPendingIncoming = 64;
        private int maxQueuedPeers = 1000;
        private int maxDialFailures = 4;
        private Duration retryBackoff = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private WireOptions wireOptions = WireOptions.DEFAULT;

        public Builder listen(InetSocketAddress v) { listen = v; return this; }
        public Builder peerId(byte[] v) { peerId = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxPerTorrent(int v) { maxPerTorrent = v; return this; }
        public Builder maxHalfOpen(int v) { maxHalfOpen = v; return this; }
        public Builder maxPendingIncoming(int v) { maxPendingIncoming = v; return this; }
        public Builder maxQueuedPeers(int v) { maxQueuedPeers = v; return this; }
        public Builder maxDialFailures(int v) { maxDialFailures = v; return this; }
        public Builder retryBackoff(Duration v) { retryBackoff = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder wireOptions(WireOptions v) { wireOptions = v; return this; }

        public SwarmOptions build() {
            return new SwarmOptions(listen, peerId, maxConnections, maxPerTorrent, maxHalfOpen, maxPendingIncoming,
                    maxQueuedPeers, maxDialFailures, retryBackoff, connectTimeout, wireOptions);
        }
    }
}

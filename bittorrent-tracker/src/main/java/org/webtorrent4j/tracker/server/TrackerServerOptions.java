package org.webtorrent4j.tracker.server;

import java.time.Duration;
import java.util.function.Predicate;

import org.webtorrent4j.tracker.Id20;

/**
 * Settings of a {@link TrackerServer}. A port of -1 disables that protocol, 0 picks a free port.
 *
 * @param host               address to bind (default 127.0.0.1; use 0.0.0.0 or :: to serve a network)
 * @param httpPort           HTTP announce/scrape/stats port (default 0)
 * @param udpPort            UDP (BEP 15) port (default 0)
 * @param wsPort             WebSocket port for WebTorrent browsers (default 0)
 * @param interval           announce interval told to HTTP and UDP clients (default 10 min)
 * @param wsInterval         announce interval told to WebSocket clients (default 2 min, as bittorrent-tracker)
 * @param minInterval        {@code min interval} told to HTTP clients (default 1 min)
 * @param peerTimeout        a peer not heard from for this long is dropped (default 2 × interval)
 * @param maxSwarms          most torrents tracked; announces for more are refused (default 100,000: a
 *                           swarm takes about 850 bytes of heap, so announces for random info-hashes
 *                           cannot take more than about 85 MiB; a big public tracker raises it with its heap)
 * @param maxPeersPerSwarm   most peers per torrent, all families together; more are answered but not
 *                           stored (default 10,000)
 * @param defaultNumwant     peers returned when the client does not say (default 50)
 * @param maxNumwant         most peers returned in one answer (default 200)
 * @param maxScrapeHashes    most info-hashes in one HTTP scrape (default 100; UDP is capped at 74)
 * @param maxHttpRequestBytes longest HTTP request line and headers (default 8 KiB)
 * @param maxWsMessageBytes  largest WebSocket message (default 256 KiB)
 * @param connectionIdLifetime how often the UDP connection-id secret rotates; an id is valid 1–2 of these (default 1 min)
 * @param allowInfoHash      the allow-list hook: announces for info-hashes it refuses fail (default: all allowed)
 */
public record TrackerServerOptions(String host, int httpPort, int udpPort, int wsPort, Duration interval,
        Duration wsInterval, Duration minInterval, Duration peerTimeout, int maxSwarms, int maxPeersPerSwarm,
        int defaultNumwant, int maxNumwant, int maxScrapeHashes, int maxHttpRequestBytes, int maxWsMessageBytes,
        Duration connectionIdLifetime, Predicate<Id20> allowInfoHash) {

    public TrackerServerOptions {
        for (int port : new int[] {httpPort, udpPort, wsPort}) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
        if (maxSwarms < 1 || maxPeersPerSwarm < 1 || defaultNumwant < 0 || maxNumwant < 0 || maxScrapeHashes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }

    public static TrackerServerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.httpPort = httpPort;
        b.udpPort = udpPort;
        b.wsPort = wsPort;
        b.interval = interval;
        b.wsInterval = wsInterval;
        b.minInterval = minInterval;
        b.peerTimeout = peerTimeout;
        b.maxSwarms = maxSwarms;
        b.maxPeersPerSwarm = maxPeersPerSwarm;
        b.defaultNumwant = defaultNumwant;
        b.maxNumwant = maxNumwant;
        b.maxScrapeHashes = maxScrapeHashes;
        b.maxHttpRequestBytes = maxHttpRequestBytes;
        b.maxWsMessageBytes = maxWsMessageBytes;
        b.connectionIdLifetime = connectionIdLifetime;
        b.allowInfoHash = allowInfoHash;
        return b;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int httpPort = 0;
        private int udpPort = 0;
        private int wsPort = 0;
        private Duration interval = Duration.ofMinutes(10);
        private Duration wsInterval = Duration.ofMinutes(2);
        private Duration minInterval = Duration.ofMinutes(1);
        private Duration peerTimeout;
        private int maxSwarms = 100_000;
        private int maxPeersPerSwarm = 10_000;
        private int defaultNumwant = 50;
        private int maxNumwant = 200;
        private int maxScrapeHashes = 100;
        private int maxHttpRequestBytes = 8192;
        private int maxWsMessageBytes = 256 * 1024;
        private Duration connectionIdLifetime = Duration.ofMinutes(1);
        private Predicate<Id20> allowInfoHash = h -> true;

        public Builder host(String v) { host = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder udpPort(int v) { udpPort = v; return this; }
        public Builder wsPort(int v) { wsPort = v; return this; }
        public Builder interval(Duration v) { interval = v; return this; }
        public Builder wsInterval(Duration v) { wsInterval = v; return this; }
        public Builder minInterval(Duration v) { minInterval = v; return this; }
        public Builder peerTimeout(Duration v) { peerTimeout = v; return this; }
        public Builder maxSwarms(int v) { maxSwarms = v; return this; }
        public Builder maxPeersPerSwarm(int v) { maxPeersPerSwarm = v; return this; }
        public Builder defaultNumwant(int v) { defaultNumwant = v; return this; }
        public Builder maxNumwant(int v) { maxNumwant = v; return this; }
        public Builder maxScrapeHashes(int v) { maxScrapeHashes = v; return this; }
        public Builder maxHttpRequestBytes(int v) { maxHttpRequestBytes = v; return this; }
        public Builder maxWsMessageBytes(int v) { maxWsMessageBytes = v; return this; }
        public Builder connectionIdLifetime(Duration v) { connectionIdLifetime = v; return this; }
        public Builder allowInfoHash(Predicate<Id20> v) { allowInfoHash = v; return this; }

        public TrackerServerOptions build() {
            return new TrackerServerOptions(host, httpPort, udpPort, wsPort, interval, wsInterval, minInterval,
                    peerTimeout != null ? peerTimeout : interval.multipliedBy(2), maxSwarms, maxPeersPerSwarm,
                    defaultNumwant, maxNumwant, maxScrapeHashes, maxHttpRequestBytes, maxWsMessageBytes,
                    connectionIdLifetime, allowInfoHash);
        }
    }
}

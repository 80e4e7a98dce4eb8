package org.webtorrent4j.wire;

import java.time.Duration;

/**
 * How a {@link Wire} behaves: its limits, timers, the capabilities it announces and what it says
 * about itself in the extended handshake.
 *
 * @param limits           size and queue bounds
 * @param keepAlive        send a keep-alive after this long without sending anything (1 min)
 * @param idleTimeout      close after this long without receiving anything (2 min)
 * @param handshakeTimeout close if the handshake is not complete after this long (20 s)
 * @param requestTimeout   give up on one of our requests after this long (60 s)
 * @param rateWindow       window of the download and upload rate meters (20 s)
 * @param extended         announce BEP 10 (extension protocol)
 * @param fast             announce BEP 6 (fast extension)
 * @param dht              announce BEP 5 (DHT, {@code port} messages)
 * @param clientVersion    {@code v} in the extended handshake, or null
 * @param listenPort       {@code p} in the extended handshake, or 0 for none
 * @param uploadOnly       {@code upload_only} in the extended handshake (we are a seed)
 */
public record WireOptions(WireLimits limits, Duration keepAlive, Duration idleTimeout, Duration handshakeTimeout,
                          Duration requestTimeout, Duration rateWindow, boolean extended, boolean fast,
                          boolean dht, String clientVersion, int listenPort, boolean uploadOnly) {

    public static final WireOptions DEFAULT = builder().build();

    public WireOptions {
        if (limits == null) throw new IllegalArgumentException("limits");
        for (Duration d : new Duration[] {keepAlive, idleTimeout, handshakeTimeout, requestTimeout, rateWindow}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive");
            }
        }
        if (listenPort < 0 || listenPort > 65535) throw new IllegalArgumentException("listenPort");
    }

    public byte[] reserved() {
        return Handshake.reservedBits(extended, fast, dht);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.limits = limits; b.keepAlive = keepAlive; b.idleTimeout = idleTimeout;
        b.handshakeTimeout = handshakeTimeout; b.requestTimeout = requestTimeout; b.rateWindow = rateWindow;
        b.extended = extended; b.fast = fast; b.dht = dht; b.clientVersion = clientVersion;
        b.listenPort = listenPort; b.uploadOnly = uploadOnly;
        return b;
    }

    public static final class Builder {
        private WireLimits limits = WireLimits.DEFAULT;
        private Duration keepAlive = Duration.ofMinutes(1);
        private Duration idleTimeout = Duration.ofMinutes(2);
        private Duration handshakeTimeout = Duration.ofSeconds(20);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration rateWindow = Duration.ofSeconds(20);
        private boolean extended = true;
        private boolean fast = true;
        private boolean dht = false;
        private String clientVersion = "webtorrent4j 0.1";
        private int listenPort;
        private boolean uploadOnly;

        public Builder limits(WireLimits v) { limits = v; return this; }
        public Builder keepAlive(Duration v) { keepAlive = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
        public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
        public Builder rateWindow(Duration v) { rateWindow = v; return this; }
        public Builder extended(boolean v) { extended = v; return this; }
        public Builder fast(boolean v) { fast = v; return this; }
        public Builder dht(boolean v) { dht = v; return this; }
        public Builder clientVersion(String v) { clientVersion = v; return this; }
        public Builder listenPort(int v) { listenPort = v; return this; }
        public Builder uploadOnly(boolean v) { uploadOnly = v; return this; }

        public WireOptions build() {
            return new WireOptions(limits, keepAlive, idleTimeout, handshakeTimeout, requestTimeout, rateWindow,
                    extended, fast, dht, clientVersion, listenPort, uploadOnly);
        }
    }
}

package org.webtorrent4j.simplepeer;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link Peer} behaves. Every limit has a named default; build with {@link #builder()}.
 *
 * @param trickle emit ICE candidates as separate signals; false (the default, as WebTorrent
 *     browsers do) waits for ICE gathering to complete and emits one self-contained offer/answer
 * @param channelLabel label of the data channel the initiator opens; null picks a random one
 * @param chunkSize largest data-channel message {@code send} produces; at most
 *     {@link #MAX_MESSAGE_SIZE}, since libwebrtc silently closes the channel on larger ones
 * @param highWaterMark stop handing chunks to the channel when its buffered amount reaches this
 * @param lowWaterMark resume when the buffered amount has drained to this
 * @param drainPollInterval how often a blocked sender polls the buffered amount (webrtc-java
 *     never reports buffered-amount changes, so polling is the only way to learn of a drain)
 * @param maxQueuedBytes bytes that may wait in {@code send}'s queue before {@code send} refuses
 *     more; callers pace themselves on the returned futures
 * @param maxUndeliveredBytes received bytes that may wait for the listener's thread; past it the
 *     peer fails (libwebrtc delivers without waiting for the listener, so nothing slows the sender)
 * @param connectTimeout a peer not connected by then fails and closes
 * @param maxRemoteCandidates remote ICE candidates accepted from the other peer, kept until the
 *     remote description is known or added at once after it; more close the peer
 * @param maxSdpLength longest session description accepted from the other peer
 * @param iceServers STUN/TURN URLs; empty (the default) uses host candidates only
 */
public record PeerOptions(
        boolean trickle,
        String channelLabel,
        int chunkSize,
        long highWaterMark,
        long lowWaterMark,
        Duration drainPollInterval,
        long maxQueuedBytes,
        long maxUndeliveredBytes,
        Duration connectTimeout,
        int maxRemoteCandidates,
        int maxSdpLength,
        List<String> iceServers) {

    /** libwebrtc's largest data-channel message: a larger one closes the channel silently. */
    public static final int MAX_MESSAGE_SIZE = 262_144;
    /** Above this buffered amount libwebrtc closes the channel (its SCTP send queue limit). */
    public static final long NATIVE_SEND_QUEUE_LIMIT = 16L * 1024 * 1024;

    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024;
    public static final long DEFAULT_HIGH_WATER_MARK = 1024 * 1024;
    public static final long DEFAULT_LOW_WATER_MARK = 256 * 1024;
    public static final Duration DEFAULT_DRAIN_POLL_INTERVAL = Duration.ofMillis(1);
    public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_MAX_UNDELIVERED_BYTES = 64L * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_REMOTE_CANDIDATES = 64;
    public static final int DEFAULT_MAX_SDP_LENGTH = 64 * 1024;

    public PeerOptions {
        require(chunkSize >= 1 && chunkSize <= MAX_MESSAGE_SIZE,
                "chunkSize must be in 1.." + MAX_MESSAGE_SIZE + ": " + chunkSize);
        require(highWaterMark >= chunkSize && highWaterMark + chunkSize <= NATIVE_SEND_QUEUE_LIMIT,
                "highWaterMark must be in chunkSize.." + (NATIVE_SEND_QUEUE_LIMIT - chunkSize) + ": " + highWaterMark);
        require(lowWaterMark >= 0 && lowWaterMark < highWaterMark,
                "lowWaterMark must be in 0..highWaterMark-1: " + lowWaterMark);
        require(drainPollInterval != null && !drainPollInterval.isNegative() && !drainPollInterval.isZero(),
                "drainPollInterval must be positive");
        require(maxQueuedBytes >= 1, "maxQueuedBytes must be positive: " + maxQueuedBytes);
        require(maxUndeliveredBytes >= MAX_MESSAGE_SIZE, "maxUndeliveredBytes must be at least " + MAX_MESSAGE_SIZE
                + ": " + maxUndeliveredBytes);
        require(connectTimeout != null && !connectTimeout.isNegative() && !connectTimeout.isZero(),
                "connectTimeout must be positive");
        require(maxRemoteCandidates >= 0, "maxRemoteCandidates must not be negative");
        require(maxSdpLength >= 1, "maxSdpLength must be positive");
        iceServers = List.copyOf(iceServers == null ? List.of() : iceServers);
    }

    public static PeerOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    public static final class Builder {
        private boolean trickle;
        private String channelLabel;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private long highWaterMark = DEFAULT_HIGH_WATER_MARK;
        private long lowWaterMark = DEFAULT_LOW_WATER_MARK;
        private Duration drainPollInterval = DEFAULT_DRAIN_POLL_INTERVAL;
        private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
        private long maxUndeliveredBytes = DEFAULT_MAX_UNDELIVERED_BYTES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private int maxRemoteCandidates = DEFAULT_MAX_REMOTE_CANDIDATES;
        private int maxSdpLength = DEFAULT_MAX_SDP_LENGTH;
        private List<String> iceServers = List.of();

        private Builder() {}

        private Builder(PeerOptions o) {
            trickle = o.trickle;
            channelLabel = o.channelLabel;
            chunkSize = o.chunkSize;
            highWaterMark = o.highWaterMark;
            lowWaterMark = o.lowWaterMark;
            drainPollInterval = o.drainPollInterval;
            maxQueuedBytes = o.maxQueuedBytes;
            maxUndeliveredBytes = o.maxUndeliveredBytes;
            connectTimeout = o.connectTimeout;
            maxRemoteCandidates = o.maxRemoteCandidates;
            maxSdpLength = o.maxSdpLength;
            iceServers = o.iceServers;
        }

        public Builder trickle(boolean v) { trickle = v; return this; }
        public Builder channelLabel(String v) { channelLabel = v; return this; }
        public Builder chunkSize(int v) { chunkSize = v; return this; }
        public Builder highWaterMark(long v) { highWaterMark = v; return this; }
        public Builder lowWaterMark(long v) { lowWaterMark = v; return this; }
        public Builder drainPollInterval(Duration v) { drainPollInterval = v; return this; }
        public Builder maxQueuedBytes(long v) { maxQueuedBytes = v; return this; }
        public Builder maxUndeliveredBytes(long v) { maxUndeliveredBytes = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder maxRemoteCandidates(int v) { maxRemoteCandidates = v; return this; }
        public Builder maxSdpLength(int v) { maxSdpLength = v; return this; }
        public Builder iceServers(List<String> v) { iceServers = v; return this; }

        public PeerOptions build() {
            return new PeerOptions(trickle, channelLabel, chunkSize, highWaterMark, lowWaterMark, drainPollInterval,
                    maxQueuedBytes, maxUndeliveredBytes, connectTimeout, maxRemoteCandidates, maxSdpLength, iceServers);
        }
    }
}

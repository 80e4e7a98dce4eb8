package org.webtorrent4j.dht;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link DhtNode} can be told, with the defaults of {@link #builder()}. Every table and
 * queue of the node is bounded by one of these limits.
 *
 * @param bindAddress          local address to bind (default 0.0.0.0; tests use 127.0.0.1)
 * @param port                 local UDP port, 0 for an ephemeral one (default 0)
 * @param bootstrap            nodes to join through (default none; see {@link #PUBLIC_ROUTERS})
 * @param nodeId               our id, or null for the saved one or a random one
 * @param readOnly             BEP 43 read-only mode: queries carry {@code ro=1}, incoming queries are ignored
 * @param stateFile            where the routing table is saved on close and loaded on start, or null
 * @param eventLoopGroup       a shared Netty group to run on, NIO or epoll (not closed by the node), or null for a private one
 * @param k                    bucket size and number of closest nodes a lookup waits for (8)
 * @param alpha                concurrent requests per lookup (3)
 * @param maxFailures          unanswered queries in a row that make a node bad (2)
 * @param queriesPerSecondPerIp average queries accepted per second from one IP (20)
 * @param queryBurstPerIp      burst of queries accepted from one IP (40)
 * @param maxTrackedIps        IPs the rate limiter remembers (10,000)
 * @param maxPendingQueries    our outstanding queries (2,048)
 * @param maxInfoHashes        info-hashes in the peer store (5,000)
 * @param maxPeersPerInfoHash  peers kept per info-hash (200)
 * @param maxStoredPeers       peers kept in total (50,000)
 * @param peerTtlMillis        how long an announce is kept (30 minutes)
 * @param maxItems             BEP 44 items stored (1,000)
 * @param itemTtlMillis        how long a BEP 44 item is kept (2 hours)
 * @param maxPeersPerReply     peers in one get_peers reply (50, keeps replies within one packet)
 * @param maxPeersPerLookup    distinct peers one lookup collects (1,000)
 * @param maxLookupCandidates  nodes one lookup tracks (256)
 * @param initialTimeoutMillis query timeout before any RTT is measured (2,000)
 * @param minTimeoutMillis     lower bound of the adaptive query timeout (200)
 * @param maxTimeoutMillis     upper bound of the adaptive query timeout (5,000)
 * @param maintenanceIntervalMillis period of pings, bucket refresh and expiry (10,000)
 * @param tokenRotationMillis  write-token secret rotation (5 minutes)
 * @param enforceNodeId        BEP 42: keep nodes whose id does not match their IP out of the routing table (false)
 */
public record DhtOptions(InetAddress bindAddress, int port, List<InetSocketAddress> bootstrap, NodeId nodeId,
                         boolean readOnly, Path stateFile, EventLoopGroup eventLoopGroup, int k, int alpha,
                         int maxFailures, double queriesPerSecondPerIp, int queryBurstPerIp, int maxTrackedIps,
                         int maxPendingQueries, int maxInfoHashes, int maxPeersPerInfoHash, int maxStoredPeers,
                         long peerTtlMillis, int maxItems, long itemTtlMillis, int maxPeersPerReply,
                         int maxPeersPerLookup, int maxLookupCandidates, long initialTimeoutMillis,
                         long minTimeoutMillis, long maxTimeoutMillis, long maintenanceIntervalMillis,
                         long tokenRotationMillis, boolean enforceNodeId) {

    /**
     * The well-known public routers of the Mainline DHT, for real users. Never used unless passed
     * explicitly: tests, benchmarks and examples bootstrap to loopback nodes.
     */
    public static final List<InetSocketAddress> PUBLIC_ROUTERS = List.of(
            InetSocketAddress.createUnresolved("router.bittorrent.com", 6881),
            InetSocketAddress.createUnresolved("router.utorrent.com", 6881),
            InetSocketAddress.createUnresolved("dht.transmissionbt.com", 6881),
            InetSocketAddress.createUnresolved("dht.libtorrent.org", 25401));

    public DhtOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        bootstrap = List.copyOf(bootstrap);
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
        if (k < 1 || alpha < 1 || maxFailures < 1) throw new IllegalArgumentException("k, alpha and maxFailures must be >= 1");
        if (maxPendingQueries < 1 || maxPendingQueries > 60_000) throw new IllegalArgumentException("maxPendingQueries must be in 1..60000");
        if (minTimeoutMillis < 1 || maxTimeoutMillis < minTimeoutMillis || initialTimeoutMillis < minTimeoutMillis) {
            throw new IllegalArgumentException("timeouts must satisfy 1 <= min <= initial, min <= max");
        }
        if (maxPeersPerReply < 1 || maxPeersPerReply > 100) throw new IllegalArgumentException("maxPeersPerReply must be in 1..100");
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindAddress = bindAddress; b.port = port; b.bootstrap = bootstrap; b.nodeId = nodeId; b.readOnly = readOnly;
        b.stateFile = stateFile; b.eventLoopGroup = eventLoopGroup; b.k = k; b.alpha = alpha; b.maxFailures = maxFailures;
        b.queriesPerSecondPerIp = queriesPerSecondPerIp; b.queryBurstPerIp = queryBurstPerIp; b.maxTrackedIps = maxTrackedIps;
        b.maxPendingQueries = maxPendingQueries; b.maxInfoHashes = maxInfoHashes; b.maxPeersPerInfoHash = maxPeersPerInfoHash;
        b.maxStoredPeers = maxStoredPeers; b.peerTtlMillis = peerTtlMillis; b.maxItems = maxItems; b.itemTtlMillis = itemTtlMillis;
        b.maxPeersPerReply = maxPeersPerReply; b.maxPeersPerLookup = maxPeersPerLookup; b.maxLookupCandidates = maxLookupCandidates;
        b.initialTimeoutMillis = initialTimeoutMillis; b.minTimeoutMillis = minTimeoutMillis; b.maxTimeoutMillis = maxTimeoutMillis;
        b.maintenanceIntervalMillis = maintenanceIntervalMillis; b.tokenRotationMillis = tokenRotationMillis;
        b.enforceNodeId = enforceNodeId;
        return b;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private InetAddress bindAddress = anyLocal();
        private int port;
        private List<InetSocketAddress> bootstrap = List.of();
        private NodeId nodeId;
        private boolean readOnly;
        private Path stateFile;
        private EventLoopGroup eventLoopGroup;
        private int k = 8;
        private int alpha = 3;
        private int maxFailures = 2;
        private double queriesPerSecondPerIp = 20;
        private int queryBurstPerIp = 40;
        private int maxTrackedIps = 10_000;
        private int maxPendingQueries = 2_048;
        private int maxInfoHashes = 5_000;
        private int maxPeersPerInfoHash = 200;
        private int maxStoredPeers = 50_000;
        private long peerTtlMillis = 30 * 60_000L;
        private int maxItems = 1_000;
        private long itemTtlMillis = 2 * 60 * 60_000L;
        private int maxPeersPerReply = 50;
        private int maxPeersPerLookup = 1_000;
        private int maxLookupCandidates = 256;
        private long initialTimeoutMillis = 2_000;
        private long minTimeoutMillis = 200;
        private long maxTimeoutMillis = 5_000;
        private long maintenanceIntervalMillis = 10_000;
        private long tokenRotationMillis = TokenManager.DEFAULT_ROTATION_MILLIS;
        private boolean enforceNodeId;

        private static InetAddress anyLocal() {
            try {
                return InetAddress.getByAddress(new byte[4]);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        public Builder bindAddress(InetAddress v) { bindAddress = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder bootstrap(List<InetSocketAddress> v) { bootstrap = v; return this; }
        public Builder nodeId(NodeId v) { nodeId = v; return this; }
        public Builder readOnly(boolean v) { readOnly = v; return this; }
        public Builder stateFile(Path v) { stateFile = v; return this; }
        public Builder eventLoopGroup(EventLoopGroup v) { eventLoopGroup = v; return this; }
        public Builder k(int v) { k = v; return this; }
        public Builder alpha(int v) { alpha = v; return this; }
        public Builder maxFailures(int v) { maxFailures = v; return this; }
        public Builder queriesPerSecondPerIp(double v) { queriesPerSecondPerIp = v; return this; }
        public Builder queryBurstPerIp(int v) { queryBurstPerIp = v; return this; }
        public Builder maxTrackedIps(int v) { maxTrackedIps = v; return this; }
        public Builder maxPendingQueries(int v) { maxPendingQueries = v; return this; }
        public Builder maxInfoHashes(int v) { maxInfoHashes = v; return this; }
        public Builder maxPeersPerInfoHash(int v) { maxPeersPerInfoHash = v; return this; }
        public Builder maxStoredPeers(int v) { maxStoredPeers = v; return this; }
        public Builder peerTtlMillis(long v) { peerTtlMillis = v; return this; }
        public Builder maxItems(int v) { maxItems = v; return this; }
        public Builder itemTtlMillis(long v) { itemTtlMillis = v; return this; }
        public Builder maxPeersPerReply(int v) { maxPeersPerReply = v; return this; }
        public Builder maxPeersPerLookup(int v) { maxPeersPerLookup = v; return this; }
        public Builder maxLookupCandidates(int v) { maxLookupCandidates = v; return this; }
        public Builder initialTimeoutMillis(long v) { initialTimeoutMillis = v; return this; }
        public Builder minTimeoutMillis(long v) { minTimeoutMillis = v; return this; }
        public Builder maxTimeoutMillis(long v) { maxTimeoutMillis = v; return this; }
        public Builder maintenanceIntervalMillis(long v) { maintenanceIntervalMillis = v; return this; }
        public Builder tokenRotationMillis(long v) { tokenRotationMillis = v; return this; }
        public Builder enforceNodeId(boolean v) { enforceNodeId = v; return this; }

        public DhtOptions build() {
            return new DhtOptions(bindAddress, port, bootstrap, nodeId, readOnly, stateFile, eventLoopGroup, k, alpha,
                    maxFailures, queriesPerSecondPerIp, queryBurstPerIp, maxTrackedIps, maxPendingQueries, maxInfoHashes,
                    maxPeersPerInfoHash, maxStoredPeers, peerTtlMillis, maxItems, itemTtlMillis, maxPeersPerReply,
                    maxPeersPerLookup, maxLookupCandidates, initialTimeoutMillis, minTimeoutMillis, maxTimeoutMillis,
                    maintenanceIntervalMillis, tokenRotationMillis, enforceNodeId);
        }
    }
}

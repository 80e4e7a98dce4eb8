package org.webtorrent4j.dht;

/**
 * A snapshot of a node's counters.
 *
 * @param nodes           nodes in the routing table
 * @param buckets         buckets in the routing table
 * @param storedPeers     peers in the peer store
 * @param storedItems     BEP 44 items stored
 * @param pendingQueries  our outstanding queries
 * @param packetsIn       packets received
 * @param packetsOut      packets sent
 * @param rateLimited     queries dropped by the per-IP rate limit
 * @param malformed       packets dropped as malformed or oversized
 * @param unmatched       responses dropped: unknown transaction or wrong sender address
 * @param droppedOutgoing packets not sent because the socket's outbound buffer was full (1 MiB high-water mark)
 */
public record DhtStats(int nodes, int buckets, int storedPeers, int storedItems, int pendingQueries, long packetsIn,
                       long packetsOut, long rateLimited, long malformed, long unmatched, long droppedOutgoing) {}

package org.webtorrent4j.dht;

/**
 * The outcome of {@link DhtNode#announce}: the lookup that found the closest nodes, and how many of
 * them acknowledged storing us.
 */
public record AnnounceResult(LookupResult lookup, int stored) {}

package org.webtorrent4j.tracker;

/**
 * Swarm figures of one torrent (BEP 48).
 *
 * @param complete   seeders
 * @param downloaded completed downloads ever reported
 * @param incomplete leechers
 */
public record ScrapeStats(long complete, long downloaded, long incomplete) {}

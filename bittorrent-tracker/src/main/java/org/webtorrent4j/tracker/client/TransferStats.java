package org.webtorrent4j.tracker.client;

/**
 * What an announce reports about the download.
 *
 * @param uploaded   bytes uploaded since the first announce
 * @param downloaded bytes downloaded since the first announce
 * @param left       bytes still missing; 0 for a seeder, {@link Long#MAX_VALUE} when unknown
 */
public record TransferStats(long uploaded, long downloaded, long left) {
    /** Nothing transferred yet and the size unknown (e.g. before metadata): counted as a leecher. */
    public static final TransferStats UNKNOWN = new TransferStats(0, 0, Long.MAX_VALUE);
}

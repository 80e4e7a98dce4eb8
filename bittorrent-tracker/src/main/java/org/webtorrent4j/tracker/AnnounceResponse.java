package org.webtorrent4j.tracker;

import java.util.List;

/**
 * A tracker's answer to an announce.
 *
 * @param interval       seconds until the next regular announce
 * @param minInterval    seconds the client must wait at least between announces, or 0
 * @param trackerId      the id to send back with later announces, or null
 * @param complete       seeders in the swarm, or -1 when not told
 * @param incomplete     leechers in the swarm, or -1 when not told
 * @param peers          peers (IPv4 and IPv6 together)
 * @param warningMessage a warning to show, or null
 */
public record AnnounceResponse(int interval, int minInterval, String trackerId, long complete, long incomplete,
        List<TrackerPeer> peers, String warningMessage) {
    public AnnounceResponse {
        peers = List.copyOf(peers);
    }
}

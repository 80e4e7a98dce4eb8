package org.webtorrent4j.tracker;

import java.net.InetAddress;

/**
 * One announce, as every transport carries it (BEP 3, 15, 23).
 *
 * @param infoHash   the torrent
 * @param peerId     the announcing peer
 * @param port       its listening port (0 for WebSocket peers)
 * @param uploaded   bytes uploaded since started
 * @param downloaded bytes downloaded since started
 * @param left       bytes left to download; 0 for a seeder
 * @param event      started, completed, stopped or none
 * @param numwant    peers wanted; -1 lets the tracker choose
 * @param key        the client's random key, letting a tracker recognise it across IP changes
 * @param ip         an address the peer claims, or null (trackers normally use the source)
 * @param trackerId  the tracker id from an earlier response, or null
 */
public record AnnounceRequest(Id20 infoHash, Id20 peerId, int port, long uploaded, long downloaded, long left,
        AnnounceEvent event, int numwant, int key, InetAddress ip, String trackerId) {
    public AnnounceRequest {
        if (infoHash == null || peerId == null || event == null) {
            throw new IllegalArgumentException("infoHash, peerId and event are required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    public AnnounceRequest withEvent(AnnounceEvent e) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, e, numwant, key, ip, trackerId);
    }

    public AnnounceRequest withTrackerId(String id) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, event, numwant, key, ip, id);
    }
}

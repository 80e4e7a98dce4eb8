package org.webtorrent4j.tracker;

import java.net.InetSocketAddress;

/**
 * A peer handed out by a tracker.
 *
 * @param address its IPv4 or IPv6 address and port
 * @param peerId  its peer id, or null (compact responses carry none)
 */
public record TrackerPeer(InetSocketAddress address, Id20 peerId) {
    public TrackerPeer {
        if (address == null) {
            throw new IllegalArgumentException("address is required");
        }
    }
}

package org.webtorrent4j.tracker.udp;

import java.util.List;

import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;

/** The packets of the UDP tracker protocol (BEP 15). Every packet carries a transaction id. */
public sealed interface UdpPacket {
    int transactionId();

    /** Client → tracker: asks for a connection id. */
    record ConnectRequest(int transactionId) implements UdpPacket {}

    /** Tracker → client: a connection id valid for about one minute. */
    record ConnectResponse(int transactionId, long connectionId) implements UdpPacket {}

    /** Client → tracker. */
    record Announce(long connectionId, int transactionId, AnnounceRequest request) implements UdpPacket {}

    /** Tracker → client; peers are IPv4 or IPv6 by the address family of the exchange. */
    record AnnounceReply(int transactionId, AnnounceResponse response) implements UdpPacket {}

    /** Client → tracker: up to {@link UdpTrackerCodec#MAX_SCRAPE_HASHES} torrents. */
    record Scrape(long connectionId, int transactionId, List<Id20> infoHashes) implements UdpPacket {
        public Scrape {
            infoHashes = List.copyOf(infoHashes);
        }
    }

    /** Tracker → client: figures in the order of the request. */
    record ScrapeReply(int transactionId, List<ScrapeStats> stats) implements UdpPacket {
        public ScrapeReply {
            stats = List.copyOf(stats);
        }
    }

    /** Tracker → client: the request failed. */
    record Error(int transactionId, String message) implements UdpPacket {}
}

package org.webtorrent4j.tracker.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeResponse;

/** One tracker URL as a client sees it, whatever the transport. Called on the runtime's loop. */
interface TrackerConnection extends AutoCloseable {
    CompletableFuture<AnnounceResponse> announce(AnnounceRequest request);

    CompletableFuture<ScrapeResponse> scrape(List<Id20> infoHashes);

    @Override
    void close();
}

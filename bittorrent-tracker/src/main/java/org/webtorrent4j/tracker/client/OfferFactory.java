package org.webtorrent4j.tracker.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.webtorrent4j.tracker.ws.WsMessage;

/**
 * Makes the WebRTC offers a WebSocket announce carries. The signaling payloads are opaque to the
 * tracker client: a WebRTC adapter creates real ones, tests may use any JSON.
 */
@FunctionalInterface
public interface OfferFactory {
    /** No offers: the announce still registers the peer and may receive offers from others. */
    OfferFactory NONE = count -> CompletableFuture.completedFuture(List.of());

    CompletableFuture<List<WsMessage.Offer>> createOffers(int count);
}

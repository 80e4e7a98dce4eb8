package org.webtorrent4j.tracker.client;

import java.net.URI;

import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.ws.WsMessage;

/**
 * Everything a {@link TrackerClient} learns, from every tracker, arrives here. Methods are called
 * on the client's event loop: return quickly.
 */
public interface TrackerListener {
    /** A tracker answered an announce (regular or requested). */
    default void onAnnounce(URI tracker, AnnounceResponse response) {}

    default void onScrape(URI tracker, ScrapeResponse response) {}

    /** A {@code warning message}, or a non-fatal problem. */
    default void onWarning(URI tracker, String message) {}

    /** A tracker failed (unreachable, timed out, failure reason, malformed answer). */
    default void onError(URI tracker, Throwable error) {}

    /** Another peer's WebRTC offer, relayed by a WebSocket tracker: answer it with {@link TrackerClient#answer}. */
    default void onOffer(URI tracker, WsMessage.RelayedOffer offer) {}

    /** The answer to one of our offers, relayed by a WebSocket tracker. */
    default void onAnswer(URI tracker, WsMessage.RelayedAnswer answer) {}
}

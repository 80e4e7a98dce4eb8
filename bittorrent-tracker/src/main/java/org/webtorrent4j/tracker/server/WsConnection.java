package org.webtorrent4j.tracker.server;

import org.webtorrent4j.tracker.ws.WsMessage;

/** A WebSocket peer's connection, to which the swarm relays offers and answers. */
interface WsConnection {
    void send(WsMessage message);
}

package org.webtorrent4j.tracker.client;

import java.time.Duration;

/** The transport timings shared by the connections of one client. */
record ClientSettings(Duration requestTimeout, Duration udpRetransmitBase, int udpMaxAttempts,
        Duration wsReconnectMin, Duration wsReconnectMax) {
    static ClientSettings of(TrackerClientOptions o) {
        return new ClientSettings(o.requestTimeout(), o.udpRetransmitBase(), o.udpMaxAttempts(), o.wsReconnectMin(),
                o.wsReconnectMax());
    }
}

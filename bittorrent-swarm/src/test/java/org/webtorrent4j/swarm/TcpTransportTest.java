package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.wire.WireOptions;

class TcpTransportTest {
    private static final WireOptions TWENTY_SECONDS = WireOptions.builder().handshakeTimeout(Duration.ofSeconds(20)).build();

    /** An accepted connection's handshake timeout counts from the accept, not again from routing. */
    @Test
    void theTimeUntilRoutingCountsAgainstTheHandshakeTimeout() {
        assertEquals(Duration.ofSeconds(5), TcpTransport.afterRouting(TWENTY_SECONDS, Duration.ofSeconds(15).toNanos()).handshakeTimeout());
        assertEquals(Duration.ofNanos(1), TcpTransport.afterRouting(TWENTY_SECONDS, Duration.ofSeconds(25).toNanos()).handshakeTimeout(),
                "already over: the wire closes at its first tick");
        assertEquals(TWENTY_SECONDS, TcpTransport.afterRouting(TWENTY_SECONDS, 0), "nothing else changes");
    }
}

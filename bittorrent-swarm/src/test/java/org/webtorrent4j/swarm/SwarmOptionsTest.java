package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SwarmOptionsTest {
    @Test
    void refusesNegativeLimitsAndBackOffsThatWouldOverflow() {
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.builder().maxConnections(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.builder().maxPendingIncoming(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.builder().retryBackoff(Duration.ZERO).build());
        // Doubled up to 2^10 times in nanoseconds: a longer base would overflow into "retry now".
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.builder().retryBackoff(Duration.ofDays(2)).build());
        assertThrows(IllegalArgumentException.class, () -> SwarmOptions.builder().connectTimeout(Duration.ofSeconds(-1)).build());
        assertDoesNotThrow(() -> SwarmOptions.builder().maxPerTorrent(0).maxHalfOpen(0).build(), "zero: none at all");
    }
}

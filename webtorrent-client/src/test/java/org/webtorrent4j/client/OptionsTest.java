package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OptionsTest {
    @Test
    void negativeRateLimitsAndEmptyPoolsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().uploadLimit(-5).build());
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().downloadLimit(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.builder().hashThreads(0).build());
        assertThrows(IllegalArgumentException.class, () -> AddOptions.builder().uploadLimit(-1).build());
        assertDoesNotThrow(() -> ClientOptions.builder().uploadLimit(0).uploadSlots(0).build(), "0: no limit; no slots");
    }
}

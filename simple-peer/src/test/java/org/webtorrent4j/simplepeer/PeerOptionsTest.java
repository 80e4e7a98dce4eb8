package org.webtorrent4j.simplepeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeerOptionsTest {
    @Test
    void defaultsAreNonTrickle16KiBChunksAndBoundedQueues() {
        PeerOptions o = PeerOptions.defaults();
        assertFalse(o.trickle());
        assertEquals(16 * 1024, o.chunkSize());
        assertEquals(PeerOptions.DEFAULT_HIGH_WATER_MARK, o.highWaterMark());
        assertEquals(PeerOptions.DEFAULT_MAX_QUEUED_BYTES, o.maxQueuedBytes());
        assertEquals(o, o.toBuilder().build());
    }

    @Test
    void chunksLargerThanLibwebrtcsMessageLimitAreRefused() {
        assertEquals(262_144, PeerOptions.builder().chunkSize(262_144).build().chunkSize());
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.builder().chunkSize(262_145).build());
        assertThrows(IllegalArgumentException.class, () -> PeerOptions.builder().chunkSize(0).build());
    }

    @Test
    void waterMarksMustStayBelowTheNativeSendQueueLimit() {
        assertThrows(IllegalArgumentException.class,
                () -> PeerOptions.builder().highWaterMark(PeerOptions.NATIVE_SEND_QUEUE_LIMIT).build());
        assertThrows(IllegalArgumentException.class,
                () -> PeerOptions.builder().lowWaterMark(PeerOptions.DEFAULT_HIGH_WATER_MARK).build());
        assertThrows(IllegalArgumentException.class,
                () -> PeerOptions.builder().drainPollInterval(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> PeerOptions.builder().connectTimeout(Duration.ofSeconds(-1)).build());
    }
}

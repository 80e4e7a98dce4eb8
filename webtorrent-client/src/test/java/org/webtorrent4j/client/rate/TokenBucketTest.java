package org.webtorrent4j.client.rate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000L;

    @Test
    void holdsTheRateWithinTenPercentOverTenSeconds() {
        long rate = 1_000_000;
        TokenBucket bucket = new TokenBucket(rate, 0);
        Random random = new Random(2);
        long sent = 0;
        for (long t = 0; t <= 10_000 * MS; t += (1 + random.nextInt(20)) * MS) {
            sent += bucket.take(16_384 + random.nextInt(50_000), t);
        }
        assertTrue(sent <= rate * 10 * 1.10 && sent >= rate * 10 * 0.90, "sent " + sent);
    }

    @Test
    void tellsWhenBytesWillBeAvailable() {
        TokenBucket bucket = new TokenBucket(100_000, 0);
        assertEquals(0, bucket.take(1000, 0), "starts empty: no initial burst");
        assertEquals(100 * MS, bucket.nanosUntilAvailable(10_000, 0));
        assertEquals(10_000, bucket.take(10_000, 100 * MS));
    }

    @Test
    void combinedLimitsGrantTheSmallestAndReturnTheRest() {
        TokenBucket global = new TokenBucket(1_000_000, 0);
        TokenBucket torrent = new TokenBucket(100_000, 0);
        long granted = TokenBucket.take(1_000_000, 500 * MS, global, torrent);
        assertEquals(50_000, granted);
        assertEquals(450_000, global.take(1_000_000, 500 * MS), "global got back what the torrent limit refused");
    }

    @Test
    void unlimitedGrantsEverything() {
        assertEquals(Long.MAX_VALUE, TokenBucket.unlimited().take(Long.MAX_VALUE, 0));
    }
}

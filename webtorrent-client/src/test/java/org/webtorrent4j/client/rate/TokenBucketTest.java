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
        long granted = TokenBucket.take(1_000_000, 1, 500 * MS, "torrent", global, torrent);
        assertEquals(50_000, granted);
        assertEquals(450_000, global.take(1_000_000, 500 * MS), "global got back what the torrent limit refused");
    }

    @Test
    void grantsWholeUnitsOnly() {
        TokenBucket bucket = new TokenBucket(100_000, 0);
        assertEquals(48_000, bucket.take(100_000, 16_000, 500 * MS, "a"));
        assertEquals(2_000, bucket.take(100_000, 500 * MS), "the remainder stays in the bucket");
    }

    /**
     * A client limited to 3 MB/s runs a torrent limited to 1 MB/s on its own and a busy one that
     * asks five times as often: once the client's limit runs dry they take turns, so the quiet
     * torrent still gets its 1 MB/s and the busy one the rest.
     */
    @Test
    void ownersTakeTurnsOnceTheSharedLimitRunsDry() {
        long block = 16_384;
        TokenBucket client = new TokenBucket(3_000_000, 0);
        TokenBucket quietOwn = new TokenBucket(1_000_000, 0);
        TokenBucket busyOwn = TokenBucket.unlimited();
        Object quiet = "quiet";
        Object busy = "busy";
        long quietGot = 0;
        long busyGot = 0;
        for (long t = 0; t < 10_000 * MS; t += MS) {
            for (int i = 0; i < 5; i++) {
                busyGot += TokenBucket.take(8 * block, block, t, busy, busyOwn, client);
            }
            quietGot += TokenBucket.take(8 * block, block, t, quiet, quietOwn, client);
        }
        assertEquals(10_000_000, quietGot, 500_000, "the quiet torrent's own limit");
        assertEquals(20_000_000, busyGot, 1_000_000, "the rest of the client's limit");
    }

    @Test
    void anOwnerThatStopsAskingLosesItsPlace() {
        TokenBucket bucket = new TokenBucket(1_000_000, 0);
        assertEquals(0, bucket.take(16_384, 16_384, 0, "gone"), "dry: 'gone' waits in line");
        assertEquals(0, bucket.take(16_384, 16_384, 50 * MS, "other"), "'gone' is first in line");
        assertTrue(bucket.nanosUntilAvailable(16_384, 50 * MS, "other") > 0, "'other' is told to wait its turn");
        assertEquals(16_384, bucket.take(16_384, 16_384, 200 * MS, "other"), "'gone' stopped asking and lost its place");
    }

    @Test
    void aLeavingOwnerGivesUpItsPlace() {
        TokenBucket bucket = new TokenBucket(1_000_000, 0);
        bucket.take(16_384, 16_384, 0, "removed");
        bucket.leave("removed");
        assertEquals(16_384, bucket.take(16_384, 16_384, 20 * MS, "other"));
    }

    @Test
    void unlimitedGrantsEverything() {
        assertEquals(Long.MAX_VALUE, TokenBucket.unlimited().take(Long.MAX_VALUE, 0));
    }
}

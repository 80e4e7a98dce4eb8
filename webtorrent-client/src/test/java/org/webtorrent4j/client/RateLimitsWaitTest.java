package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.webtorrent4j.client.rate.TokenBucket;

/**
 * A torrent that waits as long as its limits tell it to (uploadWait, downloadWait) and then
 * takes what it may must get its own limit: a torrent limited to 20 kB/s, alone under an
 * unlimited client, sends 200 kB in 10 s (within 10 %). Time is simulated: no clock, no sleep.
 */
class RateLimitsWaitTest {
    private static final int BLOCK = 16 * 1024;
    private static final long SECOND = 1_000_000_000L;

    private static RateLimits torrentLimitedTo(long rate) {
        return new RateLimits(TokenBucket.unlimited(), new TokenBucket(rate, 0), TokenBucket.unlimited(), new TokenBucket(rate, 0));
    }

    @Test
    void anUploaderThatWaitsAsToldGetsItsOwnLimit() {
        for (long rate : new long[] {20_000, 40_000}) {
            RateLimits limits = torrentLimitedTo(rate);
            long sent = 0;
            long now = 0;
            while (now < 10 * SECOND) {
                if (limits.tryUpload(BLOCK, now)) {
                    sent += BLOCK;
                } else {
                    now += Math.max(limits.uploadWait(BLOCK, now), 1_000_000); // as TorrentSession.drainUploads
                }
            }
            assertEquals(10 * rate, sent, 0.1 * 10 * rate, "bytes sent in 10 s under a torrent limit of " + rate + " B/s");
        }
    }

    @Test
    void aDownloaderThatWaitsAsToldGetsItsOwnLimit() {
        for (long rate : new long[] {20_000, 40_000}) {
            RateLimits limits = torrentLimitedTo(rate);
            long requested = 0;
            long now = 0;
            while (now < 10 * SECOND) {
                int blocks = limits.takeDownloadBlocks(8, BLOCK, now);
                if (blocks > 0) {
                    requested += (long) blocks * BLOCK;
                } else {
                    now += limits.downloadWait(BLOCK, now); // as TorrentSession.fillRequests
                }
            }
            assertEquals(10 * rate, requested, 0.1 * 10 * rate, "bytes requested in 10 s under a torrent limit of " + rate + " B/s");
        }
    }
}

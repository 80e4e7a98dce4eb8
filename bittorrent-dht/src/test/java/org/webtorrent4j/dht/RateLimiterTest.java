package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void eachIpGetsItsBurstThenItsRate() throws Exception {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(now::get, 10, 5, 2);
        InetAddress a = InetAddress.getByName("10.0.0.1");
        InetAddress b = InetAddress.getByName("10.0.0.2");
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.tryAcquire(a));
        }
        assertFalse(limiter.tryAcquire(a));
        assertTrue(limiter.tryAcquire(b), "another IP has its own bucket");
        now.addAndGet(100);
        assertTrue(limiter.tryAcquire(a));
        assertFalse(limiter.tryAcquire(a));
        limiter.tryAcquire(InetAddress.getByName("10.0.0.3"));
        assertEquals(2, limiter.trackedCount());
    }
}

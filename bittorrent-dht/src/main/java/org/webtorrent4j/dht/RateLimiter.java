package org.webtorrent4j.dht;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per source IP: each IP may send {@code perSecond} queries per second on average
 * with bursts of {@code burst}. At most {@code maxTracked} IPs are remembered (least recently seen
 * forgotten first), so the limiter itself is bounded. Not thread-safe.
 */
public final class RateLimiter {
    private static final class Bucket {
        double tokens;
        long updated;
    }

    private final LongSupplier clock;
    private final double perMilli;
    private final int burst;
    private final Map<InetAddress, Bucket> buckets;

    public RateLimiter(LongSupplier clockMillis, double perSecond, int burst, int maxTracked) {
        if (perSecond <= 0 || burst < 1 || maxTracked < 1) {
            throw new IllegalArgumentException("perSecond, burst and maxTracked must be positive");
        }
        this.clock = clockMillis;
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
                return size() > maxTracked;
            }
        };
    }

    /** Takes one token for {@code ip}; false when its bucket is empty (drop the packet). */
    public boolean tryAcquire(InetAddress ip) {
        long now = clock.getAsLong();
        Bucket b = buckets.get(ip);
        if (b == null) {
            b = new Bucket();
            b.tokens = burst;
            b.updated = now;
            buckets.put(ip, b);
        } else {
            b.tokens = Math.min(burst, b.tokens + (now - b.updated) * perMilli);
            b.updated = now;
        }
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return true;
        }
        return false;
    }

    public int trackedCount() {
        return buckets.size();
    }
}

package org.webtorrent4j.client.rate;

/**
 * A byte-rate limit that never blocks: callers take what is granted now and ask again after
 * {@link #nanosUntilAvailable}. The bucket holds at most half a second of tokens, so over any
 * 10-second window the bytes granted stay within 5 % of the rate. Time is passed in, so tests
 * and the event loop control it. Thread-safe: a global limit is shared by many connections.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long bytesPerSecond;
    private double tokens;
    private long lastRefill;

    /** @param bytesPerSecond the rate; 0 or less means unlimited */
    public TokenBucket(long bytesPerSecond, long nowNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.lastRefill = nowNanos;
    }

    public static TokenBucket unlimited() {
        return new TokenBucket(0, 0);
    }

    public synchronized long rate() {
        return bytesPerSecond;
    }

    public synchronized void setRate(long newBytesPerSecond, long nowNanos) {
        refill(nowNanos);
        bytesPerSecond = newBytesPerSecond;
        tokens = Math.min(tokens, capacity());
    }

    public synchronized boolean isUnlimited() {
        return bytesPerSecond <= 0;
    }

    /** Takes up to {@code wanted} bytes; returns how many may be sent or read now. */
    public synchronized long take(long wanted, long nowNanos) {
        if (bytesPerSecond <= 0) {
            return wanted;
        }
        refill(nowNanos);
        long granted = (long) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /** Gives back bytes taken but not used (e.g. when another limit granted fewer). */
    public synchronized void giveBack(long bytes) {
        if (bytesPerSecond > 0) {
            tokens = Math.min(capacity(), tokens + bytes);
        }
    }

    /** How long until {@code bytes} (at most the bucket's capacity) can be taken. */
    public synchronized long nanosUntilAvailable(long bytes, long nowNanos) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        refill(nowNanos);
        double missing = Math.min(bytes, capacity()) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * NANOS_PER_SECOND / bytesPerSecond);
    }

    /**
     * Takes from several limits at once (e.g. global and per torrent): the smallest grant wins
     * and the rest is given back to the others.
     */
    public static long take(long wanted, long nowNanos, TokenBucket... limits) {
        long granted = wanted;
        long[] taken = new long[limits.length];
        for (int i = 0; i < limits.length; i++) {
            taken[i] = limits[i].take(granted, nowNanos);
            granted = Math.min(granted, taken[i]);
        }
        for (int i = 0; i < limits.length; i++) {
            if (taken[i] > granted) {
                limits[i].giveBack(taken[i] - granted);
            }
        }
        return granted;
    }

    private double capacity() {
        return Math.max(bytesPerSecond / 2.0, 16 * 1024);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastRefill;
        if (elapsed > 0) {
            tokens = Math.min(capacity(), tokens + (double) elapsed * bytesPerSecond / NANOS_PER_SECOND);
            lastRefill = nowNanos;
        }
    }
}

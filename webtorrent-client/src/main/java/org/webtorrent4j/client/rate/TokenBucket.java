package org.webtorrent4j.client.rate;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A byte-rate limit that never blocks: callers take what is granted now and ask again after
 * {@link #nanosUntilAvailable}. The bucket holds at most half a second of tokens, so over any
 * 10-second window the bytes granted stay within 5 % of the rate. Time is passed in, so tests
 * and the event loop control it. Thread-safe: a global limit is shared by many connections.
 *
 * <p>A limit shared by several owners (a client's, shared by its torrents) serves them in turn
 * once it runs dry: an owner it refused waits in line, and until its turn comes the others get
 * nothing. Without that, the owner that asks most often (the torrent with the most peers) takes
 * every refill, and a torrent with a low limit of its own falls short of it. An owner that stops
 * asking loses its place after a while, so it cannot hold the others up.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** How long a refused owner keeps its place without asking again, beyond a block's refill time. */
    private static final long PLACE_KEPT_NANOS = 100_000_000L;
    private static final int BLOCK = 16 * 1024;

    private long bytesPerSecond;
    private double tokens;
    private long lastRefill;
    /** Owners refused while dry, in the order they will be served, with when each last asked. */
    private final Map<Object, Long> waiting = new LinkedHashMap<>();

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
    public long take(long wanted, long nowNanos) {
        return take(wanted, 1, nowNanos, this);
    }

    /**
     * Takes up to {@code wanted} bytes, in whole multiples of {@code unit}, for {@code owner}, in
     * turn with the other owners this limit refused (see the class comment); returns how many may
     * be sent or read now.
     */
    public synchronized long take(long wanted, long unit, long nowNanos, Object owner) {
        if (bytesPerSecond <= 0 || wanted <= 0) {
            return Math.max(wanted, 0);
        }
        refill(nowNanos);
        Object first = firstInLine(nowNanos);
        if (first != null && first != owner) {
            waiting.put(owner, nowNanos);
            return 0;
        }
        long granted = (long) Math.min(wanted, Math.floor(tokens)) / unit * unit;
        tokens -= granted;
        if (granted > 0) {
            waiting.remove(owner); // served: if it wants more, it queues again behind the others
        } else {
            waiting.put(owner, nowNanos);
        }
        return granted;
    }

    /** Forgets an owner that will not ask again (a removed torrent). */
    public synchronized void leave(Object owner) {
        waiting.remove(owner);
    }

    /** Gives back bytes taken but not used (e.g. when another limit granted fewer). */
    public synchronized void giveBack(long bytes) {
        if (bytesPerSecond > 0) {
            tokens = Math.min(capacity(), tokens + bytes);
        }
    }

    /** How long until {@code bytes} (at most the bucket's capacity) can be taken. */
    public long nanosUntilAvailable(long bytes, long nowNanos) {
        return nanosUntilAvailable(bytes, nowNanos, this);
    }

    /**
     * How long until {@code owner} can take {@code bytes} (at most the bucket's capacity): with
     * others ahead of it in line, at least the time to refill as many bytes again.
     */
    public synchronized long nanosUntilAvailable(long bytes, long nowNanos, Object owner) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        refill(nowNanos);
        double needed = Math.min(bytes, capacity());
        Object first = firstInLine(nowNanos);
        // Behind others, at least as long as a refill of as many bytes: their turn comes first.
        double missing = Math.max(needed - tokens, 0) + (first != null && first != owner ? needed : 0);
        return missing <= 0 ? 0 : (long) Math.ceil(missing * NANOS_PER_SECOND / bytesPerSecond);
    }

    /**
     * Takes from several limits at once for {@code owner}, in multiples of {@code unit} and in the order given (a torrent's own
     * limit before the client's, so that a torrent queues for the client's allowance only when its
     * own has some): the smallest grant wins and the rest is given back to the others.
     */
    public static long take(long wanted, long unit, long nowNanos, Object owner, TokenBucket... limits) {
        long granted = wanted;
        long[] taken = new long[limits.length];
        for (int i = 0; i < limits.length; i++) {
            taken[i] = limits[i].take(granted, unit, nowNanos, owner);
            granted = Math.min(granted, taken[i]);
        }
        for (int i = 0; i < limits.length; i++) {
            if (taken[i] > granted) {
                limits[i].giveBack(taken[i] - granted);
            }
        }
        return granted;
    }

    /** The owner whose turn it is, after dropping those that stopped asking; null if none waits. */
    private Object firstInLine(long nowNanos) {
        long keep = PLACE_KEPT_NANOS + 2 * BLOCK * NANOS_PER_SECOND / bytesPerSecond;
        Iterator<Map.Entry<Object, Long>> it = waiting.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Object, Long> e = it.next();
            if (nowNanos - e.getValue() <= keep) {
                return e.getKey();
            }
            it.remove();
        }
        return null;
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

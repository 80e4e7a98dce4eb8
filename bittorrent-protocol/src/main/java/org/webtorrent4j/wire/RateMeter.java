package org.webtorrent4j.wire;

/** Bytes per second over a rolling window of time buckets, driven by explicit timestamps. */
public final class RateMeter {
    private final long bucketNanos;
    private final long[] buckets;
    private long currentBucket = Long.MIN_VALUE;
    private long total;

    /**
     * @param windowNanos length of the window averaged over
     * @param bucketCount how many slices the window is cut into (its resolution)
     */
    public RateMeter(long windowNanos, int bucketCount) {
        if (windowNanos <= 0 || bucketCount <= 0 || windowNanos / bucketCount == 0) {
            throw new IllegalArgumentException("window and bucket count must be positive");
        }
        this.bucketNanos = windowNanos / bucketCount;
        this.buckets = new long[bucketCount];
    }

    public void add(long bytes, long nowNanos) {
        advance(nowNanos);
        buckets[(int) Math.floorMod(currentBucket, (long) buckets.length)] += bytes;
        total += bytes;
    }

    /** Average bytes per second over the window ending now. */
    public double bytesPerSecond(long nowNanos) {
        advance(nowNanos);
        long sum = 0;
        for (long b : buckets) {
            sum += b;
        }
        return sum * 1e9 / (bucketNanos * buckets.length);
    }

    /** Every byte ever counted. */
    public long total() {
        return total;
    }

    private void advance(long nowNanos) {
        long bucket = Math.floorDiv(nowNanos, bucketNanos);
        if (currentBucket == Long.MIN_VALUE || bucket - currentBucket >= buckets.length) {
            java.util.Arrays.fill(buckets, 0);
        } else {
            for (long b = currentBucket + 1; b <= bucket; b++) {
                buckets[(int) Math.floorMod(b, (long) buckets.length)] = 0;
            }
        }
        if (currentBucket == Long.MIN_VALUE || bucket > currentBucket) {
            currentBucket = bucket;
        }
    }
}

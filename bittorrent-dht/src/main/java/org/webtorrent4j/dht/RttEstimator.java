package org.webtorrent4j.dht;

/**
 * The adaptive query timeout: a smoothed round-trip time and its variation (the TCP estimator of
 * RFC 6298), timeout = srtt + 4 * rttvar, kept within configured bounds. Not thread-safe.
 */
final class RttEstimator {
    private final long min;
    private final long max;
    private final long initial;
    private double srtt = -1;
    private double rttvar;

    RttEstimator(long initialMillis, long minMillis, long maxMillis) {
        this.initial = initialMillis;
        this.min = minMillis;
        this.max = maxMillis;
    }

    void sample(long rttMillis) {
        if (srtt < 0) {
            srtt = rttMillis;
            rttvar = rttMillis / 2.0;
        } else {
            rttvar = 0.75 * rttvar + 0.25 * Math.abs(srtt - rttMillis);
            srtt = 0.875 * srtt + 0.125 * rttMillis;
        }
    }

    long timeoutMillis() {
        if (srtt < 0) {
            return initial;
        }
        return Math.max(min, Math.min(max, (long) Math.ceil(srtt + 4 * rttvar)));
    }
}

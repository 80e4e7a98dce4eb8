package org.webtorrent4j.client;

import org.webtorrent4j.client.rate.TokenBucket;

/** The byte-rate limits a torrent obeys: the client's, shared by all torrents, and its own. */
record RateLimits(TokenBucket globalUpload, TokenBucket torrentUpload, TokenBucket globalDownload,
        TokenBucket torrentDownload) {

    /** Takes {@code bytes} of upload allowance if all of it is available now; else takes nothing. */
    boolean tryUpload(int bytes, long now) {
        return takeAll(bytes, now, globalUpload, torrentUpload);
    }

    long uploadWait(int bytes, long now) {
        return Math.max(globalUpload.nanosUntilAvailable(bytes, now), torrentUpload.nanosUntilAvailable(bytes, now));
    }

    /** How many whole blocks of {@code blockSize} may be requested now, up to {@code max}; takes their allowance. */
    int takeDownloadBlocks(int max, int blockSize, long now) {
        long granted = TokenBucket.take((long) max * blockSize, now, globalDownload, torrentDownload);
        int blocks = (int) (granted / blockSize);
        long unused = granted - (long) blocks * blockSize;
        globalDownload.giveBack(unused);
        torrentDownload.giveBack(unused);
        return blocks;
    }

    long downloadWait(int bytes, long now) {
        return Math.max(globalDownload.nanosUntilAvailable(bytes, now), torrentDownload.nanosUntilAvailable(bytes, now));
    }

    private static boolean takeAll(int bytes, long now, TokenBucket a, TokenBucket b) {
        long granted = TokenBucket.take(bytes, now, a, b);
        if (granted == bytes) {
            return true;
        }
        a.giveBack(granted);
        b.giveBack(granted);
        return false;
    }
}

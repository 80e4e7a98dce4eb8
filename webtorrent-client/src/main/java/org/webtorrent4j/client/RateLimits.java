package org.webtorrent4j.client;

import org.webtorrent4j.client.rate.TokenBucket;

/**
 * The byte-rate limits a torrent obeys: the client's, shared by all torrents, and its own. The
 * torrent's own limit is asked first, so that it queues for the client's only when it may send.
 * <p>
 * The object itself is the torrent's place in line for the client's limits, so it keeps identity
 * equality: a record would hash its four buckets, through method handles, on every request.
 */
final class RateLimits {
    private final TokenBucket globalUpload;
    private final TokenBucket torrentUpload;
    private final TokenBucket globalDownload;
    private final TokenBucket torrentDownload;

    RateLimits(TokenBucket globalUpload, TokenBucket torrentUpload, TokenBucket globalDownload,
            TokenBucket torrentDownload) {
        this.globalUpload = globalUpload;
        this.torrentUpload = torrentUpload;
        this.globalDownload = globalDownload;
        this.torrentDownload = torrentDownload;
    }

    /** Takes {@code bytes} of upload allowance if all of it is available now; else takes nothing. */
    boolean tryUpload(int bytes, long now) {
        return TokenBucket.take(bytes, bytes, now, this, torrentUpload, globalUpload) == bytes;
    }

    long uploadWait(int bytes, long now) {
        return Math.max(globalUpload.nanosUntilAvailable(bytes, now, this), torrentUpload.nanosUntilAvailable(bytes, now, this));
    }

    /** How many whole blocks of {@code blockSize} may be requested now, up to {@code max}; takes their allowance. */
    int takeDownloadBlocks(int max, int blockSize, long now) {
        return (int) (TokenBucket.take((long) max * blockSize, blockSize, now, this, torrentDownload, globalDownload)
                / blockSize);
    }

    /** Returns download allowance taken but not used. */
    void giveBackDownload(long bytes) {
        globalDownload.giveBack(bytes);
        torrentDownload.giveBack(bytes);
    }

    long downloadWait(int bytes, long now) {
        return Math.max(globalDownload.nanosUntilAvailable(bytes, now, this),
                torrentDownload.nanosUntilAvailable(bytes, now, this));
    }

    /** The torrent is gone: it gives up its place in line for the client's limits. */
    void leave() {
        globalUpload.leave(this);
        globalDownload.leave(this);
    }
}

package org.webtorrent4j.simplepeer;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends a {@link Pattern} stream the way an application should: in pieces, pacing on send futures. */
final class Transfers {
    static final int PIECE = 1024 * 1024;
    static final int WINDOW = 4;

    private Transfers() {}

    /** Sends {@code total} bytes of stream {@code seed}; returns when the last piece is handed over. */
    static void sendPattern(Peer peer, long seed, long total) throws Exception {
        ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
        for (long pos = 0; pos < total; pos += PIECE) {
            int n = (int) Math.min(PIECE, total - pos);
            if (inFlight.size() == WINDOW) {
                inFlight.poll().get(120, TimeUnit.SECONDS);
            }
            inFlight.add(peer.send(Pattern.bytes(seed, pos, n)));
        }
        for (CompletableFuture<Void> f : inFlight) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    static CompletableFuture<Void> sendPatternAsync(Peer peer, long seed, long total) {
        return CompletableFuture.runAsync(() -> {
            try {
                sendPattern(peer, seed, total);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

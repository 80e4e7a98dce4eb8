package org.webtorrent4j.client;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.webtorrent4j.metadata.MetadataFetcher;
import org.webtorrent4j.metadata.UtMetadata;
import org.webtorrent4j.swarm.PeerLink;
import org.webtorrent4j.swarm.SwarmTorrent;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.HashRequest;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;

/**
 * A magnet link's first phase: connections of the torrent only fetch its info dictionary (BEP 9)
 * from peers that have it, and for a v2-only torrent then its piece layers (BEP 52 hash requests,
 * {@link PieceLayerFetch}). Once all is verified, these connections are closed and the torrent
 * proper takes over, dialing the same peers again.
 *
 * <p>While it waits, it warns when the metadata does not come: when peers are connected but none
 * sent a block for {@link #STALL_NANOS} (once per stall), and each time a copy assembled from
 * peers does not hash to the info-hash.
 */
final class MetadataPhase implements SwarmTorrent {
    static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final byte[] infoHash;
    private final MetadataFetcher fetcher;
    private final Set<PeerLink> links = ConcurrentHashMap.newKeySet();
    private volatile boolean finished;
    private volatile PieceLayerFetch layers;
    private volatile ScheduledFuture<?> watcher;
    // The watcher's state, confined to its loop.
    private int blocksSeen;
    private int hashFailuresWarned;
    private long lastProgressNanos;
    private boolean stallWarned;

    /**
     * @param infoHash     the 20 bytes the swarm knows the torrent by
     * @param metadataHash the info-hash the metadata must hash to: the v1 one, or the full 32-byte
     *                     v2 one of a v2-only torrent (its truncation says too little)
     */
    MetadataPhase(byte[] infoHash, byte[] metadataHash) {
        this.infoHash = infoHash.clone();
        this.fetcher = new MetadataFetcher(metadataHash.clone());
    }

    MetadataFetcher fetcher() {
        return fetcher;
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public boolean wantsPeers() {
        return !finished;
    }

    @Override
    public WireListener onConnection(PeerLink link) {
        links.add(link);
        link.wire().use(new UtMetadata(fetcher));
        return new WireListener() {
            @Override
            public void onHandshake(Wire wire, Handshake handshake) {
                if (wire.isFast()) {
                    wire.haveNone(); // we have no piece yet, and do not even know how many there are
                }
                PieceLayerFetch fetch = layers;
                if (fetch != null) {
                    fetch.addPeer(link);
                }
            }

            @Override
            public void onHashRequest(Wire wire, HashRequest request) {
                wire.hashReject(request); // no piece layer is known yet
            }

            @Override
            public void onHashes(Wire wire, HashRequest request, byte[] hashes) {
                PieceLayerFetch fetch = layers;
                if (fetch != null) {
                    fetch.onHashes(link, request, hashes);
                }
            }

            @Override
            public void onHashReject(Wire wire, HashRequest request) {
                PieceLayerFetch fetch = layers;
                if (fetch != null) {
                    fetch.onHashReject(link, request);
                }
            }

            @Override
            public void onClose(Wire wire, CloseReason reason, Throwable cause) {
                links.remove(link);
                PieceLayerFetch fetch = layers;
                if (fetch != null) {
                    fetch.removePeer(link);
                }
            }
        };
    }

    /**
     * Fetches the piece layers {@code torrent} lacks from this phase's connections.
     *
     * @param loop     where the fetch keeps its state
     * @param warnings told when the connected peers cannot give what is missing
     */
    CompletableFuture<Torrent> fetchPieceLayers(Torrent torrent, EventExecutor loop, Consumer<String> warnings) {
        PieceLayerFetch fetch = new PieceLayerFetch(torrent, loop, warnings);
        layers = fetch;
        fetch.start();
        for (PeerLink link : links) { // those handshaken before the fetch existed
            link.loop().execute(() -> {
                if (link.wire().isHandshakeComplete()) {
                    fetch.addPeer(link);
                }
            });
        }
        return fetch.future();
    }

    /** Starts warning, through {@code warnings} on {@code loop}, when the metadata does not come. */
    void watch(EventExecutor loop, Consumer<String> warnings) {
        watch(loop, warnings, STALL_NANOS);
    }

    /** As {@link #watch(EventExecutor, Consumer)}, with another stall time (tests). */
    void watch(EventExecutor loop, Consumer<String> warnings, long stallNanos) {
        loop.execute(() -> {
            lastProgressNanos = System.nanoTime();
            long period = Math.max(stallNanos / 10, 1);
            watcher = loop.scheduleAtFixedRate(() -> check(warnings, stallNanos), period, period, TimeUnit.NANOSECONDS);
            if (finished) {
                watcher.cancel(false);
            }
        });
    }

    private void check(Consumer<String> warnings, long stallNanos) {
        if (finished || fetcher.future().isDone()) {
            watcher.cancel(false);
            return;
        }
        int failures = fetcher.hashFailures();
        if (failures > hashFailuresWarned) {
            hashFailuresWarned = failures;
            warnings.accept("metadata: the copy assembled from peers does not match the info-hash (" + failures
                    + (failures == 1 ? " time" : " times") + " so far); its senders are struck off and it is fetched again");
        }
        long now = System.nanoTime();
        int blocks = fetcher.blocksReceived();
        if (blocks != blocksSeen) {
            blocksSeen = blocks;
            lastProgressNanos = now;
            stallWarned = false;
        } else if (links.isEmpty()) {
            lastProgressNanos = now; // nobody to wait for: the stall starts when a peer connects
        } else if (!stallWarned && now - lastProgressNanos >= stallNanos) {
            stallWarned = true;
            int connected = links.size();
            int offering = fetcher.peersOffering();
            long seconds = TimeUnit.NANOSECONDS.toSeconds(now - lastProgressNanos);
            warnings.accept(offering == 0
                    ? "metadata: no connected peer (of " + connected + ") offers it (BEP 9 ut_metadata); waiting for other peers"
                    : "metadata: " + offering + " of the " + connected + " connected peers offer it, but none sent any of it"
                            + " for " + seconds + " s; still asking");
        }
    }

    /** Closes every connection of this phase. */
    void finish() {
        finished = true;
        ScheduledFuture<?> w = watcher;
        if (w != null) {
            w.cancel(false);
        }
        PieceLayerFetch fetch = layers;
        if (fetch != null) {
            fetch.cancel();
        }
        for (PeerLink link : links) {
            link.loop().execute(link.wire()::close);
        }
    }
}

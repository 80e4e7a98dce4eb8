package org.webtorrent4j.client;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.webtorrent4j.swarm.PeerLink;
import org.webtorrent4j.torrent.PieceLayerDownload;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.TorrentFile;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.HashRequest;
import org.webtorrent4j.wire.WireProtocolException;

/**
 * The piece layers of a v2-only torrent known by its metadata alone, fetched from connected peers
 * by BEP 52 hash requests. Every chunk of every missing layer is asked of one peer at a time; a
 * peer that rejects it or does not answer in time is not asked for it again, and another one is;
 * a peer whose answer does not hash to the file's root is disconnected. When some chunk is left
 * that no connected peer will give, that is warned of, once until a chunk arrives again. Bounded:
 * at most {@link #REQUESTS_PER_PEER} requests in flight per peer, one per chunk.
 *
 * <p>All state is confined to {@code loop}; the public methods may be called from any thread.
 */
final class PieceLayerFetch {
    static final int REQUESTS_PER_PEER = 4;
    static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Chunk(PieceLayerDownload download, int index) {}

    private record Pending(PeerLink peer, Chunk chunk, long sentNanos) {}

    private final Torrent torrent;
    private final EventExecutor loop;
    private final List<PieceLayerDownload> downloads = new ArrayList<>();
    /** Every request this fetch makes, and the chunk it asks for. */
    private final Map<HashRequest, Chunk> requests = new HashMap<>();
    private final Map<HashRequest, Pending> inFlight = new HashMap<>();
    private final Map<Chunk, Set<PeerLink>> refusedBy = new HashMap<>();
    private final Set<PeerLink> peers = new LinkedHashSet<>();
    private final CompletableFuture<Torrent> future = new CompletableFuture<>();
    private final Consumer<String> warnings;
    private ScheduledFuture<?> ticker;
    private boolean stallWarned;

    /**
     * @param torrent  a v2-only torrent with metadata and without some piece layers
     * @param warnings told when the connected peers cannot give what is missing
     */
    PieceLayerFetch(Torrent torrent, EventExecutor loop, Consumer<String> warnings) {
        this.torrent = torrent;
        this.loop = loop;
        this.warnings = warnings;
        Set<String> roots = new HashSet<>();
        for (TorrentFile file : torrent.filesWithoutPieceLayer()) {
            if (!roots.add(java.util.HexFormat.of().formatHex(file.piecesRoot()))) {
                continue; // files of equal content share their layer
            }
            PieceLayerDownload d = new PieceLayerDownload(file, torrent.pieceLength());
            downloads.add(d);
            for (int c = 0; c < d.chunkCount(); c++) {
                requests.put(requestOf(d, c), new Chunk(d, c));
            }
        }
    }

    /** Completes with the torrent and every piece layer, verified. */
    CompletableFuture<Torrent> future() {
        return future;
    }

    void start() {
        loop.execute(() -> {
            ticker = loop.scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
            finishIfComplete();
        });
    }

    /** A handshaken connection that may be asked for hashes. */
    void addPeer(PeerLink peer) {
        loop.execute(() -> {
            if (!future.isDone() && peers.add(peer)) {
                schedule();
            }
        });
    }

    void removePeer(PeerLink peer) {
        loop.execute(() -> {
            peers.remove(peer);
            inFlight.values().removeIf(p -> p.peer == peer);
            schedule();
        });
    }

    void onHashes(PeerLink peer, HashRequest request, byte[] hashes) {
        loop.execute(() -> {
            Pending pending = inFlight.get(request);
            boolean ours = pending != null && pending.peer == peer;
            if (ours) {
                inFlight.remove(request);
            }
            Chunk chunk = requests.get(request);
            if (chunk == null || chunk.download.hasChunk(chunk.index)) {
                return; // not asked, or already known: a late duplicate
            }
            if (chunk.download.accept(chunk.index, hashes)) {
                stallWarned = false;
                finishIfComplete();
            } else if (ours) {
                drop(peer, request + " answered with hashes that do not hash to the pieces root");
            }
            schedule();
        });
    }

    void onHashReject(PeerLink peer, HashRequest request) {
        loop.execute(() -> {
            Pending pending = inFlight.get(request);
            if (pending != null && pending.peer == peer) {
                inFlight.remove(request);
                refusedBy.computeIfAbsent(pending.chunk, c -> new HashSet<>()).add(peer);
                schedule();
            }
        });
    }

    /** Stops asking; the future fails unless it is already done. */
    void cancel() {
        loop.execute(() -> {
            stop();
            future.cancel(false);
        });
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Pending> it = inFlight.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now - p.sentNanos >= TIMEOUT_NANOS) {
                it.remove();
                refusedBy.computeIfAbsent(p.chunk, c -> new HashSet<>()).add(p.peer);
            }
        }
        schedule();
    }

    /** Asks every missing chunk not in flight of a peer that has not refused it and has room. */
    private void schedule() {
        if (future.isDone()) {
            return;
        }
        Set<Chunk> asked = new HashSet<>();
        Map<PeerLink, Integer> load = new HashMap<>();
        for (Pending p : inFlight.values()) {
            asked.add(p.chunk);
            load.merge(p.peer, 1, Integer::sum);
        }
        int unobtainable = 0;
        for (Map.Entry<HashRequest, Chunk> e : requests.entrySet()) {
            Chunk chunk = e.getValue();
            if (chunk.download.hasChunk(chunk.index) || asked.contains(chunk)) {
                continue;
            }
            Set<PeerLink> refused = refusedBy.getOrDefault(chunk, Set.of());
            if (refused.containsAll(peers)) {
                unobtainable++;
                continue;
            }
            for (PeerLink peer : peers) {
                if (!refused.contains(peer) && load.getOrDefault(peer, 0) < REQUESTS_PER_PEER) {
                    load.merge(peer, 1, Integer::sum);
                    inFlight.put(e.getKey(), new Pending(peer, chunk, System.nanoTime()));
                    HashRequest request = e.getKey();
                    peer.loop().execute(() -> peer.wire().hashRequest(request));
                    break;
                }
            }
        }
        if (unobtainable > 0 && !peers.isEmpty() && !stallWarned) {
            stallWarned = true;
            warnings.accept("piece layers: no connected peer (of " + peers.size() + ") gives " + unobtainable
                    + " of the " + requests.size() + " chunks this v2 torrent needs (BEP 52 hash requests refused"
                    + " or unanswered); waiting for other peers");
        }
    }

    private void drop(PeerLink peer, String why) {
        peers.remove(peer);
        inFlight.values().removeIf(p -> p.peer == peer);
        peer.loop().execute(() -> peer.wire().close(CloseReason.PEER_MISBEHAVED,
                new WireProtocolException(CloseReason.PEER_MISBEHAVED, why)));
    }

    private void finishIfComplete() {
        if (future.isDone() || !downloads.stream().allMatch(PieceLayerDownload::isComplete)) {
            return;
        }
        stop();
        try {
            Torrent complete = torrent;
            for (PieceLayerDownload d : downloads) {
                complete = complete.withPieceLayer(d.file().piecesRoot(), d.layer());
            }
            future.complete(complete);
        } catch (RuntimeException e) {
            future.completeExceptionally(e);
        }
    }

    private void stop() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        inFlight.clear();
    }

    private static HashRequest requestOf(PieceLayerDownload d, int chunk) {
        return new HashRequest(d.file().piecesRoot(), d.baseLayer(), d.chunkIndex(chunk), d.chunkLength(), d.proofLayers());
    }
}

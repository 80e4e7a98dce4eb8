package org.webtorrent4j.client;

import io.netty.util.concurrent.EventExecutor;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 */
final class MetadataPhase implements SwarmTorrent {
    private final byte[] infoHash;
    private final MetadataFetcher fetcher;
    private final Set<PeerLink> links = ConcurrentHashMap.newKeySet();
    private volatile boolean finished;
    private volatile PieceLayerFetch layers;

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

    /** Closes every connection of this phase. */
    void finish() {
        finished = true;
        PieceLayerFetch fetch = layers;
        if (fetch != null) {
            fetch.cancel();
        }
        for (PeerLink link : links) {
            link.loop().execute(link.wire()::close);
        }
    }
}

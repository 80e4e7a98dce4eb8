package org.webtorrent4j.client;

import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.webtorrent4j.torrent.Torrent;

/** A torrent added to a {@link WebTorrent} client. Thread-safe. */
public final class TorrentHandle {
    private final TorrentSession session;

    TorrentHandle(TorrentSession session) {
        this.session = session;
    }

    public Torrent torrent() {
        return session.torrent();
    }

    /** Completes once existing data is checked and the torrent has joined the swarm. */
    public CompletableFuture<Void> ready() {
        return session.ready();
    }

    /** Completes when every selected piece is verified; fails if the torrent stops on an error. */
    public CompletableFuture<Void> done() {
        return session.done();
    }

    public void addListener(TorrentListener listener) {
        session.addListener(listener);
    }

    /** Peers to dial for this torrent. */
    public void addPeers(List<InetSocketAddress> peers) {
        session.addPeers(peers);
    }

    public BitSet verifiedPieces() {
        return session.verifiedPieces();
    }

    /** Fraction of all pieces verified, 0 to 1. */
    public double progress() {
        int count = torrent().pieceCount();
        return count == 0 ? 1 : (double) session.verifiedPieces().cardinality() / count;
    }

    public int peerCount() {
        return session.peerCount();
    }

    public long downloadedBytes() {
        return session.downloadedBytes();
    }

    public long uploadedBytes() {
        return session.uploadedBytes();
    }
}

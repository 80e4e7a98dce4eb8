package org.webtorrent4j.client;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.webtorrent4j.torrent.Torrent;

/**
 * A torrent added to a {@link WebTorrent} client: from a magnet link it first fetches the
 * metadata, then downloads and seeds. Thread-safe.
 */
public final class TorrentHandle {
    private static final int MAX_REMEMBERED_PEERS = 2000;

    private final Torrent added;
    private final CompletableFuture<TorrentSession> session = new CompletableFuture<>();
    /** Peers found so far, dialed again when the torrent proper starts after the metadata phase. */
    private final Set<InetSocketAddress> knownPeers = new LinkedHashSet<>();
    private final Consumer<List<InetSocketAddress>> dial;
    /** The torrent's own thread: its session runs there, and every listener is called there. */
    private final EventLoop loop;
    /** Shared with the session once there is one: listeners hear the metadata phase too. */
    private final List<TorrentListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean removed;
    /** Told true once paused, false once resumed: the client's discovery leaves and rejoins the swarm. */
    private volatile Consumer<Boolean> onPause = paused -> {};

    TorrentHandle(Torrent added, Consumer<List<InetSocketAddress>> dial, EventLoop loop) {
        this.added = added;
        this.dial = dial;
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    void onPause(Consumer<Boolean> onPause) {
        this.onPause = onPause;
    }

    List<TorrentListener> listeners() {
        return listeners;
    }

    /** Tells the listeners, on the torrent's thread, of a problem that does not stop the torrent. */
    void warn(String message) {
        if (!removed) {
            loop.execute(() -> listeners.forEach(l -> l.onWarning(message)));
        }
    }

    /** Hands the handle its session; false if the torrent was removed first (the session must not run). */
    boolean started(TorrentSession s) {
        if (!session.complete(s)) {
            return false;
        }
        s.ready().thenRun(() -> {
            List<InetSocketAddress> again;
            synchronized (knownPeers) {
                again = List.copyOf(knownPeers);
            }
            dial.accept(again);
        });
        return true;
    }

    /** The torrent cannot start (its metadata could not be had, or its options do not fit it). */
    void failed(Throwable error) {
        session.completeExceptionally(error);
        if (!removed) {
            loop.execute(() -> listeners.forEach(l -> l.onError(error)));
        }
    }

    CompletableFuture<TorrentSession> session() {
        return session;
    }

    /** The torrent as added: possibly without metadata (a magnet link or info-hash). */
    public Torrent added() {
        return added;
    }

    /** Completes with the torrent's full metadata (at once for a .torrent, after BEP 9 for a magnet). */
    public CompletableFuture<Torrent> metadata() {
        return session.thenApply(TorrentSession::torrent);
    }

    /**
     * Completes once existing data is checked and the torrent has joined the swarm; fails if it
     * stops first (removed, the client closed, an error).
     */
    public CompletableFuture<Void> ready() {
        return session.thenCompose(TorrentSession::ready);
    }

    /**
     * Completes when every selected piece is verified; fails if the torrent stops first: with the
     * error, or with a {@link CancellationException} when removed or its client closed.
     */
    public CompletableFuture<Void> done() {
        return session.thenCompose(TorrentSession::done);
    }

    /** Events from now on, from the metadata phase to the end; called on the torrent's thread. */
    public void addListener(TorrentListener listener) {
        listeners.add(listener);
    }

    /** Peers to dial for this torrent. */
    public void addPeers(List<InetSocketAddress> peers) {
        if (removed) {
            return;
        }
        synchronized (knownPeers) {
            for (InetSocketAddress p : peers) {
                if (knownPeers.size() < MAX_REMEMBERED_PEERS) {
                    knownPeers.add(p);
                }
            }
        }
        dial.accept(peers);
    }

    /**
     * Sets a file's priority (0: do not download, 1: normal, up to 7: first), by its index in
     * {@code Torrent.userFiles()} (the list {@code webtorrent info} shows). Needs the metadata.
     */
    public void setFilePriority(int userFile, int priority) {
        requireSession().setFilePriority(userFile, priority);
    }

    /** Downloads the file (priority 1) from now on. */
    public void select(int userFile) {
        setFilePriority(userFile, 1);
    }

    /** Stops downloading the file; pieces it shares with selected files are still fetched. */
    public void deselect(int userFile) {
        setFilePriority(userFile, 0);
    }

    /** Closes every connection and takes no new one until {@link #resume()}. */
    public CompletableFuture<Void> pause() {
        return requireSession().pause().thenRun(() -> onPause.accept(true));
    }

    /** Connects again after {@link #pause()}, to every peer known so far. */
    public CompletableFuture<Void> resume() {
        TorrentSession s = requireSession();
        return s.resume().thenRun(() -> {
            onPause.accept(false);
            List<InetSocketAddress> again;
            synchronized (knownPeers) {
                again = List.copyOf(knownPeers);
            }
            dial.accept(again);
        });
    }

    public boolean isPaused() {
        return fromSession(TorrentSession::isPaused, false);
    }

    private TorrentSession requireSession() {
        TorrentSession s = session.getNow(null);
        if (s == null) {
            throw new IllegalStateException("the torrent's metadata is not known yet");
        }
        return s;
    }

    /**
     * The torrent was removed: a torrent still without its session never gets one, and its
     * futures fail with a {@link CancellationException}. Whichever comes first, this or
     * {@link #started}, wins; the remover stops a session that won.
     */
    void removed() {
        removed = true;
        session.completeExceptionally(new CancellationException("the torrent was removed"));
    }

    /**
     * What the session says, or {@code before} while the metadata is fetched (no session yet) and
     * when there never will be one (removed or failed first: getNow would throw).
     */
    private <T> T fromSession(java.util.function.Function<TorrentSession, T> read, T before) {
        TorrentSession s = session.isDone() && !session.isCompletedExceptionally() ? session.join() : null;
        return s == null ? before : read.apply(s);
    }

    public BitSet verifiedPieces() {
        return fromSession(TorrentSession::verifiedPieces, new BitSet());
    }

    /** Fraction of all pieces verified, 0 to 1 (0 while the metadata is fetched). */
    public double progress() {
        return fromSession(s -> {
            int count = s.torrent().pieceCount();
            return count == 0 ? 1 : (double) s.verifiedPieces().cardinality() / count;
        }, 0.0);
    }

    /** The torrent's metadata if known yet, else the torrent as added. */
    public Torrent torrent() {
        return fromSession(TorrentSession::torrent, added);
    }

    public int peerCount() {
        return fromSession(TorrentSession::peerCount, 0);
    }

    /** The connected peers (handshake done). */
    public List<InetSocketAddress> peers() {
        return fromSession(TorrentSession::peers, List.of());
    }

    /** Payload bytes per second received, averaged over the last 5 seconds (updated every second). */
    public double downloadSpeed() {
        return fromSession(TorrentSession::downloadSpeed, 0.0);
    }

    /** Payload bytes per second sent, averaged over the last 5 seconds (updated every second). */
    public double uploadSpeed() {
        return fromSession(TorrentSession::uploadSpeed, 0.0);
    }

    public long downloadedBytes() {
        return fromSession(TorrentSession::downloadedBytes, 0L);
    }

    public long uploadedBytes() {
        return fromSession(TorrentSession::uploadedBytes, 0L);
    }

    /** Bytes of selected pieces not yet verified (unknown before the metadata: Long.MAX_VALUE). */
    public long leftBytes() {
        return fromSession(TorrentSession::leftBytes, Long.MAX_VALUE);
    }

    /** Bytes of all pieces, selected or not, not yet verified: a tracker's {@code left} (unknown: Long.MAX_VALUE). */
    long missingBytes() {
        return fromSession(TorrentSession::missingBytes, Long.MAX_VALUE);
    }

    /** Bytes of selected pieces, verified or not (0 before the metadata). */
    public long wantedBytes() {
        return fromSession(TorrentSession::wantedBytes, 0L);
    }

    /** Fraction of the selected pieces' bytes verified, 0 to 1 (0 while the metadata is fetched). */
    public double selectedProgress() {
        long wanted = wantedBytes();
        long left = leftBytes();
        if (left == Long.MAX_VALUE) {
            return 0;
        }
        return wanted == 0 ? 1 : 1 - (double) Math.min(left, wanted) / wanted;
    }
}

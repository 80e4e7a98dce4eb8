package org.webtorrent4j.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.client.choke.Choker;
import org.webtorrent4j.client.choke.PeerStats;
import org.webtorrent4j.client.picker.Block;
import org.webtorrent4j.client.picker.PiecePicker;
import org.webtorrent4j.client.storage.FileStorage;
import org.webtorrent4j.client.storage.PieceVerifier;
import org.webtorrent4j.client.storage.ResumeData;
import org.webtorrent4j.client.storage.ResumeFile;
import org.webtorrent4j.client.storage.Storage;
import org.webtorrent4j.metadata.UtMetadata;
import org.webtorrent4j.pex.PexPeer;
import org.webtorrent4j.pex.UtPex;
import org.webtorrent4j.pex.UtPexOptions;
import org.webtorrent4j.swarm.PeerLink;
import org.webtorrent4j.swarm.Swarm;
import org.webtorrent4j.swarm.SwarmTorrent;
import org.webtorrent4j.torrent.PieceCheck;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.wire.AllowedFast;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.HashRequest;
import org.webtorrent4j.wire.RateMeter;
import org.webtorrent4j.wire.Request;
import org.webtorrent4j.wire.RequestFailure;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireProtocolException;

/**
 * One torrent's download and upload. All scheduling state (peers, picker, choker) is confined to
 * {@code executor}; wires live on their own event loops and report here by posting; disk reads
 * and writes run on the disk pool and piece hashing on the hash pool, each posting back.
 */
final class TorrentSession implements SwarmTorrent {
    private static final Logger log = LoggerFactory.getLogger(TorrentSession.class);
    private static final long CHOKE_INTERVAL_SECONDS = 10;
    private static final int MIN_QUEUE = 16;
    private static final int MAX_QUEUE = 500;
    /** A peer's pipeline is topped up once this fraction of its depth has room. */
    private static final int REFILL_FRACTION = 8;
    private static final int BAD_PIECES_BEFORE_BAN = 2;
    /** Pieces a choked fast peer may still request (BEP 6 suggests 10). */
    private static final int ALLOWED_FAST_PIECES = 10;
    /** Resume records force the data to disk first: batched, so that fsync does not throttle downloads. */
    private static final long RESUME_SAVE_DELAY_MILLIS = 30_000;

    private final Torrent torrent;
    private final byte[] infoHash;
    private final Storage storage;
    private final ResumeFile resumeFile;
    private final Swarm swarm;
    private final EventLoop executor;
    private final ExecutorService disk;
    private final PieceVerifier verifier;
    private final HashServer hashServer;
    /** One check per hashing thread: it reuses its digest. */
    private final ThreadLocal<PieceCheck> pieceChecks;
    private final PiecePicker picker;
    private final Choker<Peer> choker;
    private final List<TorrentListener> listeners;
    private final Map<Wire, Peer> peers = new HashMap<>();
    /** Unfinished pieces, hashed and written once complete, and pieces being hashed or written. */
    private final PieceBuffers buffers;
    private final UploadReads uploadReads;
    /**
     * Above this many buffered bytes no new piece is started (bounds memory with slow peers),
     * except one beyond it for a peer that can help with none of the started ones.
     */
    private static final long MAX_BUFFERED_BYTES = 64L << 20;
    private final ExecutorService hashing;    /** Who sent blocks of each unverified piece, to blame when the hash fails. */
    private final Map<Integer, Set<Peer>> contributors = new HashMap<>();
    private final Set<Integer> verifying = new HashSet<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** The verified pieces, published for wires that send our bitfield from their own loop. */
    private volatile BitSet published = new BitSet();
    private volatile boolean started;
    private volatile long downloadedBytes;
    private volatile long uploadedBytes;
    private final RateLimits limits;
    private final boolean pex;
    private final Consumer<List<InetSocketAddress>> peerSink;
    /** The handshaken peers' addresses, published for the handle. */
    private volatile List<InetSocketAddress> connectedPeers = List.of();
    /** Payload rates over the last 5 seconds, published every second for the handle. */
    private final RateMeter downloadRate = new RateMeter(TimeUnit.SECONDS.toNanos(5), 10);
    private final RateMeter uploadRate = new RateMeter(TimeUnit.SECONDS.toNanos(5), 10);
    private volatile double downloadSpeed;
    private volatile double uploadSpeed;
    /** See {@link #leftBytes()}: every byte until the check says otherwise. */
    private volatile long leftBytes;
    /** See {@link #wantedBytes()}. */
    private volatile long wantedBytes;
    /** See {@link #missingBytes()}. */
    private volatile long missingBytes;
    /** Where our connected peers listen, for PEX messages sent from the wires' own loops. */
    private volatile List<PexPeer> pexPeers = List.of();
    /** Peers with requests waiting to be served ({@link Peer#toServe}), one request each in turn. */
    private final ArrayDeque<Peer> uploadTurns = new ArrayDeque<>();
    private boolean uploadDrainScheduled;
    private boolean fillScheduled;
    private boolean resumeSaveScheduled;
    /** Completes once the first stop saved the resume record and closed the storage. */
    private final CompletableFuture<Void> stopDone = new CompletableFuture<>();
    /** The latest resume save, which the next one waits for. */
    private CompletableFuture<Void> lastResumeSave = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> ticker;
    private long lastChokeRound;
    private volatile boolean stopped;
    /** Set by the first failure, before the stop it posts has run. */
    private boolean failed;
    private volatile boolean paused;
    /** Priority of each user file (as listed by {@code Torrent.userFiles()}). */
    private final int[] userFilePriority;
    /** The storage's files put in place as they became wanted, in order, on the disk pool. */
    private CompletableFuture<Void> placing = CompletableFuture.completedFuture(null);

    TorrentSession(Torrent torrent, Storage storage, Path resumePath, Swarm swarm, EventLoop executor,
            ExecutorService disk, ExecutorService hashing, int uploadSlots, boolean sequential, RateLimits limits,
            boolean pex, Consumer<List<InetSocketAddress>> peerSink, List<TorrentListener> listeners) {
        this.listeners = listeners;
        this.limits = limits;
        this.pex = pex && !torrent.isPrivate();
        this.peerSink = peerSink;
        this.torrent = torrent;
        this.infoHash = torrent.swarmInfoHash();
        this.storage = storage;
        this.resumeFile = resumePath == null ? null : new ResumeFile(resumePath);
        this.swarm = swarm;
        this.executor = executor;
        this.disk = disk;
        this.verifier = new PieceVerifier(storage, torrent::newPieceCheck, hashing);
        this.hashServer = new HashServer(torrent);
        this.pieceChecks = ThreadLocal.withInitial(torrent::newPieceCheck);
        this.buffers = new PieceBuffers(storage.layout().pieceLength(), MAX_BUFFERED_BYTES / 4);
        this.uploadReads = new UploadReads(storage, disk, executor, this::fail, this::drainUploads);
        this.hashing = hashing;
        this.picker = new PiecePicker(torrent.pieceCount(), storage.layout()::pieceSize, new Random());
        this.picker.setSequential(sequential);
        this.choker = new Choker<>(uploadSlots, new Random());
        this.userFilePriority = new int[torrent.userFiles().size()];
        this.leftBytes = torrent.length();
        this.wantedBytes = torrent.length();
    }

    Torrent torrent() {
        return torrent;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    /**
     * Checks existing data, then joins the swarm.
     *
     * @param selected which user files (indexes into {@code Torrent.userFiles()}) to download
     */
    void start(java.util.function.IntPredicate selected) {
        executor.execute(() -> {
            listeners.forEach(l -> l.onMetadata(torrent));
            applySelection(selected);
            BitSet trusted = trustedPieces();
            placing.thenRunAsync(this::placeWantedFiles, disk)
                    .thenCompose(ignored -> verifier.recheck(trusted)).whenCompleteAsync((verified, error) -> {
                if (stopped) {
                    return; // removed while checking: the storage is closed, the futures settled
                }
                if (error != null) {
                    fail(error);
                    return;
                }
                try {
                    verified.stream().forEach(picker::markVerified);
                    published = picker.verified();
                    publishLeft();
                    started = true;
                    ticker = executor.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
                    listeners.forEach(l -> l.onReady(verified.cardinality()));
                    swarm.register(this);
                    checkDone();
                    ready.complete(null);
                    scheduleResumeSave();
                } catch (RuntimeException e) {
                    fail(e);
                }
            }, executor);
        });
    }

    private void applySelection(java.util.function.IntPredicate selected) {
        for (int i = 0; i < userFilePriority.length; i++) {
            userFilePriority[i] = selected.test(i) ? 1 : 0;
        }
        applyPriorities();
    }

    /**
     * Sets a file's priority (0: do not download, 1 normal, up to 7), by its index in
     * {@code Torrent.userFiles()}. A piece shared by files takes the highest of their priorities.
     */
    void setFilePriority(int userFile, int priority) {
        if (priority < 0 || priority > 7) {
            throw new IllegalArgumentException("priority must be 0..7: " + priority);
        }
        Objects.checkIndex(userFile, userFilePriority.length);
        executor.execute(() -> {
            userFilePriority[userFile] = priority;
            applyPriorities();
            abandonUnwantedPieces();
            if (started) {
                if (!picker.isComplete()) {
                    peers.values().forEach(this::updateInterest);
                } else {
                    checkDone();
                }
            }
        });
    }

    /** Drops the pieces being assembled that are no longer wanted: their buffers, their requests. */
    private void abandonUnwantedPieces() {
        dropAbandoned(picker.abandonUnwanted());
    }

    /** Gives back the buffers of pieces the picker gave up, and cancels their requests. */
    private void dropAbandoned(List<Integer> abandoned) {
        for (int piece : abandoned) {
            ByteBuffer assembled = buffers.take(piece);
            if (assembled != null) {
                buffers.recycle(assembled);
            }
            contributors.remove(piece);
            for (Peer p : peers.values()) {
                for (Iterator<Block> it = p.requested.iterator(); it.hasNext(); ) {
                    Block b = it.next();
                    if (b.piece() == piece) {
                        it.remove();
                        p.onWire(w -> w.cancel(new Request(b.piece(), b.offset(), b.length())));
                    }
                }
            }
        }
    }

    private void applyPriorities() {
        List<org.webtorrent4j.torrent.TorrentFile> files = torrent.files();
        int[] piecePriority = new int[torrent.pieceCount()];
        boolean[] wanted = new boolean[files.size()]; // padding files never are
        int userIndex = 0;
        for (int f = 0; f < files.size(); f++) {
            if (files.get(f).isPadding()) {
                continue;
            }
            int priority = userFilePriority[userIndex++];
            wanted[f] = priority > 0;
            for (int p = storage.layout().firstPiece(f); p <= storage.layout().lastPiece(f); p++) {
                piecePriority[p] = Math.max(piecePriority[p], priority);
            }
        }
        for (int p = 0; p < piecePriority.length; p++) {
            picker.setPriority(p, piecePriority[p]);
        }
        if (storage instanceof FileStorage fs) {
            // In order, on the disk pool: a file that becomes wanted may be created and filled there.
            placing = placing.thenRunAsync(() -> {
                for (int f = 0; f < wanted.length; f++) {
                    try {
                        fs.setWanted(f, wanted[f]);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }, disk);
            placing.exceptionally(e -> {
                executor.execute(() -> fail(e)); // fail() unwraps it
                return null;
            });
        }
    }

    /** Closes every connection and stops taking new ones, keeping the data and state. */
    CompletableFuture<Void> pause() {
        CompletableFuture<Void> pausedFuture = new CompletableFuture<>();
        executor.execute(() -> {
            if (!paused && !stopped) {
                paused = true;
                swarm.unregister(this);
                peers.values().forEach(p -> p.onWire(Wire::close));
            }
            pausedFuture.complete(null);
        });
        return pausedFuture;
    }

    /** Takes connections again after {@link #pause()}; the caller dials the known peers. */
    CompletableFuture<Void> resume() {
        CompletableFuture<Void> resumed = new CompletableFuture<>();
        executor.execute(() -> {
            if (paused && !stopped) {
                paused = false;
                swarm.register(this);
            }
            resumed.complete(null);
        });
        return resumed;
    }

    boolean isPaused() {
        return paused;
    }

    private void placeWantedFiles() {
        if (storage instanceof FileStorage fs) {
            try {
                fs.placeWantedFiles();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** Pieces the resume record vouches for, when no file changed since it was written. */
    private BitSet trustedPieces() {
        if (resumeFile == null || !(storage instanceof FileStorage fs)) {
            return new BitSet();
        }
        return resumeFile.load()
                .filter(r -> r.pieceCount() == torrent.pieceCount() && stampsOf(fs).equals(r.files()))
                .map(ResumeData::verified)
                .orElseGet(BitSet::new);
    }

    /**
     * The stamp of each file, then of the part file: bytes of unwanted files live there, so a
     * part file lost or replaced since must not leave their pieces trusted.
     */
    private static List<ResumeData.FileStamp> stampsOf(FileStorage fs) {
        List<ResumeData.FileStamp> stamps = new ArrayList<>();
        for (int f = 0; f < fs.layout().fileCount(); f++) {
            stamps.add(stampOf(fs.path(f)));
        }
        stamps.add(stampOf(fs.partFile()));
        return stamps;
    }

    private static ResumeData.FileStamp stampOf(Path file) {
        try {
            return ResumeFile.stamp(file);
        } catch (IOException e) {
            return ResumeData.FileStamp.ABSENT;
        }
    }

    // ------------------------------------------------------------------ SwarmTorrent

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    /** Connections we dial run on the torrent's own loop, so their events need no thread hop. */
    @Override
    public EventLoop eventLoop() {
        return executor;
    }

    @Override
    public boolean wantsPeers() {
        return started && !stopped && !paused;
    }

    @Override
    public WireListener onConnection(PeerLink link) {
        Peer peer = new Peer(link);
        link.wire().setNumPieces(torrent.pieceCount());
        link.wire().use(new UtMetadata(torrent.rawInfo()));
        if (pex) {
            link.wire().use(new UtPex(UtPexOptions.DEFAULT, () -> pexPeers, (from, added, dropped) ->
                    peerSink.accept(added.stream().map(PexPeer::address).toList())));
        }
        onSession(() -> {
            if (stopped || paused) { // a dial or an incoming connection that was under way
                peer.closed = true; // its events, already on their way, change nothing
                link.loop().execute(link.wire()::close);
                return;
            }
            peers.put(link.wire(), peer);
        });
        return new PeerEvents(peer);
    }

    /**
     * Wire events, on the wire's loop: the bitfield goes out at once; everything else runs on the
     * session's loop, inline when the wire shares it.
     */
    private final class PeerEvents implements WireListener {
        private final Peer peer;

        PeerEvents(Peer peer) {
            this.peer = peer;
        }

        /** Session work for this peer's events, skipped once it is closed or was refused. */
        private void onPeer(Runnable work) {
            onSession(() -> {
                if (!peer.closed) {
                    work.run();
                }
            });
        }

        @Override
        public void onHandshake(Wire wire, Handshake handshake) {
            BitSet ours = published;
            if (ours.cardinality() > 0 || !wire.isFast()) {
                wire.bitfield(ours, torrent.pieceCount());
            } else {
                wire.haveNone();
            }
            Set<Integer> allowed = offerAllowedFast(wire, peer.address(), ours);
            byte[] id = handshake.peerId();
            onPeer(() -> {
                peer.handshaken = true;
                peer.peerId = id;
                peer.allowedFastForPeer = allowed;
                publishPeers();
                listeners.forEach(l -> l.onPeerConnected(peer.address()));
            });
        }

        @Override
        public void onAllowedFast(Wire wire, int index) {
            onPeer(() -> {
                if (index < torrent.pieceCount() && peer.allowedFastForUs.add(index) && peer.peerChoking) {
                    fillRequests(peer);
                }
            });
        }

        @Override
        public void onExtendedHandshake(Wire wire, org.webtorrent4j.wire.ExtendedHandshake handshake) {
            int reqq = handshake.reqq();
            int port = handshake.port();
            onPeer(() -> {
                if (reqq > 0) {
                    peer.maxRequests = Math.min(reqq, MAX_QUEUE);
                }
                if (port > 0) {
                    peer.listenPort = port;
                    publishPeers();
                }
            });
        }

        @Override
        public void onChoke(Wire wire) {
            onPeer(() -> peer.peerChoking = true);
        }

        @Override
        public void onUnchoke(Wire wire) {
            onPeer(() -> {
                peer.peerChoking = false;
                fillRequests(peer);
            });
        }

        @Override
        public void onInterested(Wire wire) {
            onPeer(() -> {
                peer.peerInterested = true;
                unchokeIfSlotFree(peer);
            });
        }

        @Override
        public void onNotInterested(Wire wire) {
            onPeer(() -> peer.peerInterested = false);
        }

        @Override
        public void onHave(Wire wire, int index) {
            onPeer(() -> {
                if (!peer.has.get(index) && !peer.hasAll) {
                    peer.has.set(index);
                    picker.peerHas(index);
                }
                updateInterest(peer);
            });
        }

        @Override
        public void onBitfield(Wire wire, BitSet pieces) {
            onPeer(() -> {
                BitSet added = (BitSet) pieces.clone();
                added.andNot(peer.has); // a late bitfield may repeat pieces announced by have
                peer.has.or(added);
                if (!peer.hasAll) {
                    picker.peerHas(added);
                }
                updateInterest(peer);
            });
        }

        @Override
        public void onHaveAll(Wire wire) {
            onPeer(() -> {
                if (!peer.hasAll) {
                    picker.peerLost(peer.has); // counted once, as a seed, from now on
                    peer.hasAll = true;
                    picker.peerHasAll();
                }
                updateInterest(peer);
            });
        }

        @Override
        public void onRequest(Wire wire, Request request) {
            onSession(() -> serve(peer, request)); // once per block: serve itself skips a closed peer
        }

        @Override
        public void onCancel(Wire wire, Request request) {
            onPeer(() -> peer.toServe.remove(request));
        }

        /** Answered on the wire's loop: the layers are immutable, and no session state is involved. */
        @Override
        public void onHashRequest(Wire wire, HashRequest request) {
            hashServer.answer(wire, request);
        }

        @Override
        public void onPiece(Wire wire, int index, int begin, ByteBuf block) {
            onSession(() -> received(peer, new Block(index, begin, block.readableBytes()), block));
        }

        @Override
        public void onRequestFailed(Wire wire, Request request, RequestFailure failure) {
            onPeer(() -> {
                Block block = new Block(request.index(), request.begin(), request.length());
                if (peer.requested.remove(block)) {
                    if (failure == RequestFailure.TIMED_OUT) {
                        picker.requestTimedOut(peer, block);
                    } else {
                        picker.requestDropped(peer, block);
                    }
                }
                fillRequests(peer);
            });
        }

        @Override
        public void onClose(Wire wire, CloseReason reason, Throwable cause) {
            log.debug("{} closed: {}", peer.address(), reason, cause);
            // Posted, never inline: a close can happen while the session iterates over its peers.
            executor.execute(() -> disconnected(peer, reason));
        }
    }

    /** Runs a wire event's work on the session's loop: inline when already there, else posted. */
    private void onSession(Runnable work) {
        inLoop(executor, work);
    }

    /** Runs work on a loop: inline when already there (the usual case), else posted. */
    private static void inLoop(EventExecutor loop, Runnable work) {
        if (loop.inEventLoop()) {
            work.run();
        } else {
            loop.execute(work);
        }
    }

    /**
     * BEP 6: lets a fast peer request the pieces of its canonical allowed-fast set that we have,
     * even while we choke it, so that a newcomer gets pieces to trade early. Returns them.
     */
    private Set<Integer> offerAllowedFast(Wire wire, InetSocketAddress remote, BitSet ours) {
        if (!wire.isFast() || !(remote.getAddress() instanceof Inet4Address ipv4)) {
            return Set.of(); // BEP 6 defines the set for IPv4 peers only
        }
        byte[] ip = ipv4.getAddress();
        Set<Integer> offered = new HashSet<>();
        for (int piece : AllowedFast.compute(ip, infoHash, torrent.pieceCount(), ALLOWED_FAST_PIECES)) {
            if (ours.get(piece)) {
                wire.allowFast(piece);
                offered.add(piece);
            }
        }
        return offered;
    }

    /**
     * Publishes the connected peers for the handle and, for PEX, where they listen: the dialed
     * address, or a dialer's IP and announced port.
     */
    private void publishPeers() {
        connectedPeers = peers.values().stream().filter(p -> p.handshaken).map(Peer::address).toList();
        if (!pex) {
            return;
        }
        List<PexPeer> list = new ArrayList<>();
        for (Peer p : peers.values()) {
            InetSocketAddress address = p.link.incoming()
                    ? (p.listenPort > 0 ? new InetSocketAddress(p.address().getAddress(), p.listenPort) : null)
                    : p.address();
            if (p.handshaken && address != null) {
                list.add(new PexPeer(address, p.hasAll ? PexPeer.SEED : 0));
            }
        }
        pexPeers = List.copyOf(list);
    }

    // ------------------------------------------------------------------ downloading

    private void updateInterest(Peer peer) {
        boolean interested = wantsSomethingFrom(peer);
        if (interested != peer.amInterested) {
            peer.amInterested = interested;
            peer.onWire(interested ? Wire::interested : Wire::notInterested);
        }
        if (interested) {
            fillRequests(peer);
        }
    }

    private boolean wantsSomethingFrom(Peer peer) {
        BitSet verified = published;
        for (int p = verified.nextClearBit(0); p < torrent.pieceCount(); p = verified.nextClearBit(p + 1)) {
            if (picker.priority(p) > 0 && peer.hasPiece(p)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps the peer's request pipeline full: about half a second of its rate, within bounds. */
    private void fillRequests(Peer peer) {
        if (peer.closed || !peer.amInterested || stopped) {
            return;
        }
        BitSet candidates = peer.pieces();
        if (peer.peerChoking) {
            candidates = peer.allowedFastPieces(); // BEP 6: these may be requested while choked
            if (candidates.isEmpty()) {
                return;
            }
        }
        long rate = peer.downloadedThisRound * 1_000_000_000L / Math.max(1, System.nanoTime() - lastChokeRound);
        // Never more than the peer said it queues (its reqq), even below our usual minimum.
        int depth = (int) Math.min(peer.maxRequests, Math.max(MIN_QUEUE, rate / 2 / PiecePicker.BLOCK_SIZE));
        int room = depth - peer.requested.size();
        // Tops up in batches, not after every block: one pick and one write serve several requests.
        if (room < Math.max(1, depth / REFILL_FRACTION)) {
            return;
        }
        long now = System.nanoTime();
        int allowed = limits.takeDownloadBlocks(room, PiecePicker.BLOCK_SIZE, now);
        if (allowed == 0) {
            retryFillsAfter(limits.downloadWait(PiecePicker.BLOCK_SIZE, now));
            return;
        }
        List<Block> blocks = pickWithinBudget(peer, candidates, allowed);
        if (blocks.size() < allowed) {
            limits.giveBackDownload((long) (allowed - blocks.size()) * PiecePicker.BLOCK_SIZE);
        }
        if (blocks.isEmpty()) {
            return;
        }
        peer.requested.addAll(blocks);
        peer.onWire(wire -> {
            List<Block> refused = new ArrayList<>();
            for (Block b : blocks) {
                if (!wire.request(b.piece(), b.offset(), b.length())) {
                    refused.add(b);
                }
            }
            if (!refused.isEmpty()) {
                executor.execute(() -> refused.forEach(b -> {
                    if (peer.requested.remove(b)) {
                        picker.requestDropped(peer, b);
                    }
                }));
            }
        });
    }

    /**
     * Blocks for the peer: of started pieces, or of new ones while the buffer budget allows. When
     * the budget is spent on pieces this peer cannot help with (their only source left, say), one
     * piece beyond it keeps the download going instead of waiting for those; past that one too,
     * the partial pieces no connected peer has are given up.
     */
    private List<Block> pickWithinBudget(Peer peer, BitSet candidates, int allowed) {
        // A buffer is taken when a piece's first block arrives: pieces just started count too,
        // or many peers starting pieces at once could all pass the budget together.
        long buffered = Math.max(buffers.bytes(), picker.startedBytes());
        List<Block> blocks = picker.pick(peer, candidates, allowed, buffered < MAX_BUFFERED_BYTES);
        if (blocks.isEmpty() && buffered >= MAX_BUFFERED_BYTES) {
            if (buffered >= MAX_BUFFERED_BYTES + storage.layout().pieceLength()) {
                // Past that one piece too: pieces that no connected peer has hold the budget for
                // nothing. Their few blocks are given up, and fetched again if a source comes back.
                dropAbandoned(picker.abandonStranded());
                buffered = Math.max(buffers.bytes(), picker.startedBytes());
            }
            if (buffered < MAX_BUFFERED_BYTES + storage.layout().pieceLength()) {
                blocks = picker.pick(peer, candidates, allowed, true);
            }
        }
        return blocks;
    }

    private void retryFillsAfter(long nanos) {
        if (fillScheduled) {
            return;
        }
        fillScheduled = true;
        executor.schedule(() -> {
            fillScheduled = false;
            peers.values().forEach(this::fillRequests);
        }, Math.max(nanos, 1_000_000), TimeUnit.NANOSECONDS);
    }

    private void received(Peer peer, Block block, ByteBuf data) {
        peer.requested.remove(block);
        Set<Object> others = stopped ? null : picker.blockReceived(peer, block);
        if (others == null) {
            data.release(); // unexpected, late or duplicate
            return;
        }
        peer.downloadedThisRound += block.length();
        peer.lastBlockNanos = System.nanoTime();
        downloadedBytes += block.length();
        downloadRate.add(block.length(), peer.lastBlockNanos);
        for (Object other : others) {
            Peer o = (Peer) other;
            if (o.requested.remove(block)) {
                o.onWire(w -> w.cancel(new Request(block.piece(), block.offset(), block.length())));
            }
        }
        contributors.computeIfAbsent(block.piece(), p -> new HashSet<>()).add(peer);
        buffers.put(block.piece(), storage.layout().pieceSize(block.piece()), block.offset(), data);
        if (picker.isPieceComplete(block.piece()) && verifying.add(block.piece())) {
            hashAndStore(block.piece(), buffers.take(block.piece()));
        }
        fillRequests(peer);
    }

    /**
     * Hashes a complete piece from memory on the hash pool, writes it on the disk pool if it is
     * good, and only then reports it verified: a piece counts only once its data is stored.
     */
    private void hashAndStore(int piece, ByteBuffer data) {
        CompletableFuture.supplyAsync(() -> pieceChecks.get().begin(piece).update(data.duplicate()).matches(), hashing)
                .thenApplyAsync(ok -> {
                    if (ok) {
                        try {
                            storage.write(piece, 0, data.duplicate());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    return ok;
                }, disk)
                .whenCompleteAsync((ok, error) -> {
                    buffers.recycle(data);
                    verified(piece, ok != null && ok, error);
                    // Memory came back, or the piece is wanted again: pipelines that the buffer
                    // budget held back go on now, not at the next tick.
                    peers.values().forEach(this::fillRequests);
                }, executor);
    }

    private void verified(int piece, boolean ok, Throwable error) {
        verifying.remove(piece);
        if (stopped) {
            return; // the resume record saved at the stop does not count it; a restart checks it
        }
        if (error != null) {
            fail(error);
            return;
        }
        Set<Peer> sources = contributors.remove(piece);
        if (!ok) {
            picker.pieceFailed(piece);
            listeners.forEach(l -> l.onPieceFailed(piece));
            // Only a sole source is surely guilty; a shared piece is fetched again from one peer.
            if (sources != null && sources.size() == 1) {
                blame(sources.iterator().next());
            }
            return;
        }
        picker.markVerified(piece);
        BitSet now = (BitSet) published.clone();
        now.set(piece);
        published = now;
        listeners.forEach(l -> l.onPieceVerified(piece));
        for (Peer p : peers.values()) {
            if (p.handshaken) {
                p.onWire(w -> w.have(piece));
            }
        }
        scheduleResumeSave();
        checkDone();
    }

    private void blame(Peer peer) {
        if (++peer.badPieces >= BAD_PIECES_BEFORE_BAN && !peer.banned) {
            peer.banned = true;
            log.info("banning {}: {} pieces failed their hash check", peer.address(), peer.badPieces);
            swarm.ban(peer.address(), peer.peerId);
            listeners.forEach(l -> l.onPeerBanned(peer.address()));
            peer.onWire(Wire::close);
        }
    }

    private void checkDone() {
        if (!done.isDone() && picker.isComplete()) {
            publishLeft(); // the completed announce says what is left
            done.complete(null);
            buffers.releaseSpare();
            listeners.forEach(TorrentListener::onDone);
            for (Peer p : peers.values()) {
                updateInterest(p);
            }
            saveResumeNow();
        }
    }

    // ------------------------------------------------------------------ uploading

    private void serve(Peer peer, Request request) {
        if (request.begin() + (long) request.length() > storage.layout().pieceSize(request.index())) {
            // The wire checked the index and the length; only we know where the piece ends.
            String why = "request past the end of piece " + request.index() + ": " + request;
            peer.onWire(w -> w.close(CloseReason.MALFORMED_MESSAGE, new WireProtocolException(CloseReason.MALFORMED_MESSAGE, why)));
            return;
        }
        if (!peer.mayRequest(request.index()) || peer.closed || stopped || !picker.isVerified(request.index())) {
            return; // the wire drops or rejects requests of choked peers itself
        }
        peer.toServe.add(request);
        if (!peer.hasUploadTurn) {
            peer.hasUploadTurn = true;
            uploadTurns.add(peer);
        }
        drainUploads();
    }

    /**
     * Serves waiting requests, a peer at a time in turn, as the upload limits and the bound on disk
     * reads allow; waits for allowance, or for a read to end, otherwise.
     */
    private void drainUploads() {
        while (!uploadTurns.isEmpty()) {
            Peer peer = uploadTurns.peek();
            if (peer.closed || peer.toServe.isEmpty()) {
                peer.toServe.clear();
                peer.hasUploadTurn = false;
                uploadTurns.poll();
                continue;
            }
            Iterator<Request> first = peer.toServe.iterator();
            Request request = first.next();
            if (!peer.mayRequest(request.index())) {
                first.remove();
                continue;
            }
            if (uploadReads.mustWait(request.index(), request.begin(), request.length())) {
                return; // drained again when a read ends
            }
            long now = System.nanoTime();
            if (!limits.tryUpload(request.length(), now)) {
                if (!uploadDrainScheduled) {
                    uploadDrainScheduled = true;
                    executor.schedule(() -> {
                        uploadDrainScheduled = false;
                        drainUploads();
                    }, Math.max(limits.uploadWait(request.length(), now), 1_000_000), TimeUnit.NANOSECONDS);
                }
                return;
            }
            first.remove();
            uploadTurns.poll();
            uploadTurns.add(peer); // to the back; taken out when found with nothing left
            readAndSend(peer, request);
        }
    }

    private void readAndSend(Peer peer, Request request) {
        uploadReads.read(request.index(), request.begin(), request.length(), block -> inLoop(peer.link.loop(), () -> {
            // The wire releases the block itself when the request is gone (cancelled, closed).
            if (peer.link.wire().piece(request.index(), request.begin(), block)) {
                onSession(() -> {
                    peer.uploadedThisRound += request.length();
                    uploadedBytes += request.length();
                    uploadRate.add(request.length(), System.nanoTime());
                });
            }
        }));
    }

    private void unchokeIfSlotFree(Peer peer) {
        long unchoked = peers.values().stream().filter(p -> !p.amChoking).count();
        if (peer.amChoking && unchoked < choker.slots() + 1) {
            peer.amChoking = false;
            peer.onWire(Wire::unchoke);
        }
    }

    private void chokeRound() {
        List<PeerStats<Peer>> stats = new ArrayList<>();
        long now = System.nanoTime();
        for (Peer p : peers.values()) {
            boolean snubbed = !p.requested.isEmpty() && now - p.lastBlockNanos > TimeUnit.SECONDS.toNanos(60);
            stats.add(new PeerStats<>(p, p.peerInterested, p.downloadedThisRound, p.uploadedThisRound, snubbed));
        }
        // Seeding while nothing wanted is missing: a file selected after the torrent was done
        // makes it a downloader again, which favours the peers that send to it.
        Set<Peer> unchoke = choker.decide(stats, picker.isComplete());
        for (Peer p : peers.values()) {
            boolean choke = !unchoke.contains(p);
            if (choke != p.amChoking) {
                p.amChoking = choke;
                p.toServe.removeIf(r -> !p.mayRequest(r.index())); // the wire dropped or rejected them
                p.onWire(choke ? Wire::choke : Wire::unchoke);
            }
            p.downloadedThisRound = 0;
            p.uploadedThisRound = 0;
        }
        lastChokeRound = now;
    }

    private void tick() {
        long now = System.nanoTime();
        downloadSpeed = downloadRate.bytesPerSecond(now);
        uploadSpeed = uploadRate.bytesPerSecond(now);
        if (now - lastChokeRound >= TimeUnit.SECONDS.toNanos(CHOKE_INTERVAL_SECONDS)) {
            chokeRound();
        }
        for (Peer p : peers.values()) {
            updateInterest(p);
        }
        uploadReads.dropIdle(now);
        publishLeft();
    }

    private void disconnected(Peer peer, CloseReason reason) {
        if (peers.remove(peer.link.wire()) == null) {
            return;
        }
        peer.closed = true;
        if (peer.hasAll) {
            picker.peerLostAll();
        } else {
            picker.peerLost(peer.has);
        }
        picker.peerGone(peer);
        peer.requested.clear();
        peer.toServe.clear();
        if (peer.handshaken) {
            listeners.forEach(l -> l.onPeerDisconnected(peer.address()));
        }
        log.debug("{} disconnected: {}", peer.address(), reason);
        publishPeers();
        peers.values().forEach(this::fillRequests);
    }

    // ------------------------------------------------------------------ resume and lifecycle

    private void scheduleResumeSave() {
        if (resumeFile == null || resumeSaveScheduled) {
            return;
        }
        resumeSaveScheduled = true;
        executor.schedule(() -> {
            resumeSaveScheduled = false;
            if (!stopped) { // the stop saved it last; after a removal there is nothing to save
                saveResumeNow();
            }
        }, RESUME_SAVE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Flushes the data, then records the verified pieces (never the other way round). Saves run
     * one after another: two never share the temporary file, and the stop's save ends last.
     */
    private CompletableFuture<Void> saveResumeNow() {
        if (resumeFile == null || !(storage instanceof FileStorage fs)) {
            return CompletableFuture.completedFuture(null);
        }
        BitSet verified = picker.verified();
        lastResumeSave = lastResumeSave.thenRunAsync(() -> {
            try {
                fs.flush();
                // A file deleted or cut short while we ran would otherwise be vouched for by its
                // new stamp: its pieces are left out, and checked again on the next start.
                resumeFile.save(new ResumeData(torrent.pieceCount(), fs.stillOnDisk(verified), stampsOf(fs)));
            } catch (IOException | RuntimeException e) { // a later save may still succeed
                executor.execute(() -> listeners.forEach(l -> l.onWarning("could not save resume data: " + e.getMessage())));
            }
        }, disk);
        return lastResumeSave;
    }

    private void fail(Throwable error) {
        if (stopped || failed) {
            return; // one failure stops the torrent; pieces still in flight may fail after it
        }
        failed = true;
        Throwable cause = rootOf(error);
        // The error reaches the user through the done future and onError; its trace is for debugging.
        log.warn("torrent {} failed: {}", torrent.name(), cause.toString());
        log.debug("torrent {} failed", torrent.name(), cause);
        listeners.forEach(l -> l.onError(cause));
        ready.completeExceptionally(cause);
        done.completeExceptionally(cause);
        stop();
    }

    /** The failure itself, out of the wrappers that futures and lambdas put around it. */
    private static Throwable rootOf(Throwable error) {
        while ((error instanceof java.util.concurrent.CompletionException || error instanceof java.io.UncheckedIOException)
                && error.getCause() != null) {
            error = error.getCause();
        }
        return error;
    }

    int peerCount() {
        return peers.size();
    }

    /** Bytes of wanted pieces not yet verified, as of the last tick (or the end). */
    long leftBytes() {
        return leftBytes;
    }

    /** Bytes of wanted pieces, verified or not, as of the last tick (or the end). */
    long wantedBytes() {
        return wantedBytes;
    }

    /** Bytes of all pieces, wanted or not, not verified yet: a tracker's {@code left}. */
    long missingBytes() {
        return missingBytes;
    }

    /**
     * Counts {@link #leftBytes} and {@link #wantedBytes} on the executor, which owns the picker,
     * for other threads to read.
     */
    private void publishLeft() {
        long left = 0;
        long wanted = 0;
        long missing = 0;
        for (int p = 0; p < torrent.pieceCount(); p++) {
            long size = storage.layout().pieceSize(p);
            if (!published.get(p)) {
                missing += size;
            }
            if (picker.priority(p) > 0) {
                wanted += size;
                if (!published.get(p)) {
                    left += size;
                }
            }
        }
        wantedBytes = wanted;
        leftBytes = left;
        missingBytes = missing;
    }

    List<InetSocketAddress> peers() {
        return connectedPeers;
    }

    double downloadSpeed() {
        return downloadSpeed;
    }

    double uploadSpeed() {
        return uploadSpeed;
    }

    long downloadedBytes() {
        return downloadedBytes;
    }

    long uploadedBytes() {
        return uploadedBytes;
    }

    BitSet verifiedPieces() {
        return (BitSet) published.clone();
    }

    /** Deletes the torrent's files, part file and resume record; call after {@link #stop()}. */
    void deleteData() throws IOException {
        if (storage instanceof FileStorage fs) {
            for (int f = 0; f < fs.layout().fileCount(); f++) {
                Files.deleteIfExists(fs.path(f));
            }
            Files.deleteIfExists(fs.partFile());
        }
        if (resumeFile != null) {
            Files.deleteIfExists(resumeFile.path());
        }
    }

    /** Leaves the swarm, closes every connection, saves resume data and closes the storage. */
    CompletableFuture<Void> stop() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        executor.execute(() -> {
            if (!stopped) {
                stopped = true;
                CompletableFuture<Void> saved = CompletableFuture.completedFuture(null);
                CancellationException why = new CancellationException("the torrent was stopped (removed, or its client closed)");
                ready.completeExceptionally(why);
                done.completeExceptionally(why);
                swarm.unregister(this);
                limits.leave();
                if (ticker != null) {
                    ticker.cancel(false);
                }
                peers.values().forEach(p -> p.onWire(Wire::close));
                buffers.close();
                uploadReads.close();
                if (started) {
                    saved = saveResumeNow();
                }
                // The storage closes only once the record is saved and the files placed: a
                // shutdown waits for all of it.
                CompletableFuture.allOf(saved, placing).whenCompleteAsync((ignored, error) -> {
                    try {
                        storage.close();
                        stopDone.complete(null);
                    } catch (IOException e) {
                        stopDone.completeExceptionally(e);
                    }
                }, disk);
            }
            // A second stop (a removal after a failure stopped it) waits for the first one's end.
            stopDone.whenComplete((ok, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(null);
                }
            });
        });
        return result;
    }
}

package org.webtorrent4j.client;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.webtorrent4j.client.rate.TokenBucket;
import org.webtorrent4j.client.storage.FileStorage;
import org.webtorrent4j.client.storage.MemoryStorage;
import org.webtorrent4j.client.storage.PieceLayout;
import org.webtorrent4j.client.storage.Storage;
import org.webtorrent4j.client.storage.StoredFile;
import org.webtorrent4j.client.storage.UnsafePathException;
import org.webtorrent4j.dht.DhtNode;
import org.webtorrent4j.dht.DhtOptions;
import org.webtorrent4j.swarm.Swarm;
import org.webtorrent4j.swarm.TcpTransport;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.TorrentFile;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.TorrentCreator;
import org.webtorrent4j.tracker.client.TrackerRuntime;
import org.webtorrent4j.tracker.client.TransferStats;

/**
 * A BitTorrent client: one listening port, one DHT node and one set of threads for any number
 * of torrents.
 *
 * <pre>{@code
 * try (WebTorrent client = new WebTorrent(ClientOptions.builder().downloadDir(dir).build())) {
 *     TorrentHandle t = client.add(Torrent.parse("magnet:?xt=urn:btih:..."), AddOptions.defaults());
 *     t.done().join();
 * }
 * }</pre>
 */
public final class WebTorrent implements AutoCloseable {
    private final ClientOptions options;
    private final EventLoopGroup group;
    private final ExecutorService disk;
    private final ExecutorService hashing;
    private final Swarm swarm;
    private final InetSocketAddress listenAddress;
    private final TrackerRuntime trackerRuntime;
    private final DhtNode dht;
    private final Map<String, Entry> torrents = new ConcurrentHashMap<>();
    private final TokenBucket uploadLimit;
    private final TokenBucket downloadLimit;
    /** Completed once the first {@link #close()} has shut everything down. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    /** An added torrent and what the client runs for it. */
    private record Entry(TorrentHandle handle, Discovery discovery, MetadataPhase metadataPhase) {}

    public WebTorrent(ClientOptions options) {
        this.options = options;
        // Native epoll where Netty can load it (Linux); -Dio.netty.transport.noNative=true turns it off.
        this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(),
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.disk = Executors.newFixedThreadPool(options.diskThreads(), named("webtorrent-disk"));
        this.hashing = Executors.newFixedThreadPool(options.hashThreads(), named("webtorrent-hash"));
        this.swarm = new Swarm(options.swarm(), new TcpTransport(group, options.swarm().wireOptions(),
                options.swarm().connectTimeout(), options.swarm().maxPendingIncoming()), group);
        this.listenAddress = swarm.start().join();
        this.trackerRuntime = options.trackers() ? new TrackerRuntime() : null;
        this.dht = options.dht() ? DhtNode.start(DhtOptions.builder()
                .bindAddress(listenAddress.getAddress())
                .port(options.dhtPort())
                .bootstrap(options.dhtBootstrap())
                .eventLoopGroup(group)
                .build()) : null;
        this.uploadLimit = new TokenBucket(options.uploadLimit(), System.nanoTime());
        this.downloadLimit = new TokenBucket(options.downloadLimit(), System.nanoTime());
    }

    /** Where peers can reach us. */
    public InetSocketAddress listenAddress() {
        return listenAddress;
    }

    /** The client's DHT node, or null when the DHT is off. */
    public DhtNode dht() {
        return dht;
    }

    /**
     * Adds a torrent: a .torrent's metadata, or a magnet link or info-hash whose metadata is
     * fetched from peers first (for a v2-only torrent, BEP 52, its piece layers too, by hash
     * requests). Existing data in its folder is checked, then it downloads what is missing and
     * seeds what it has.
     *
     * @throws IllegalArgumentException for a v2-only torrent given with metadata but without all
     *                                  its piece layers (add its magnet link or its full .torrent)
     */
    public TorrentHandle add(Torrent torrent, AddOptions add) {
        if (torrent.hasMetadata() && !torrent.hasPieceHashes()) {
            throw new IllegalArgumentException("a v2-only torrent with metadata needs its 'piece layers':"
                    + " add its .torrent file, or its magnet link to fetch them from peers");
        }
        byte[] infoHash = torrent.swarmInfoHash();
        String key = keyOf(torrent);
        Consumer<List<InetSocketAddress>> dial = peers -> addPeers(infoHash, peers);
        TorrentHandle handle = new TorrentHandle(torrent, dial, (EventLoop) group.next());
        // First: a warning raised while the torrent is added (a malformed tracker URL) is posted
        // to the handle's loop, which may run it before this method returns.
        add.listeners().forEach(handle::addListener);
        Discovery discovery = new Discovery(infoHash, swarm.peerId(), tiers(torrent, add, handle::warn), trackerRuntime,
                torrent.isPrivate() ? null : dht, listenAddress.getPort(),
                () -> new TransferStats(handle.uploadedBytes(), handle.downloadedBytes(), handle.missingBytes()),
                group.next(), handle::addPeers, handle::warn);
        MetadataPhase phase = torrent.hasMetadata() ? null : new MetadataPhase(infoHash,
                torrent.infoHashV1().or(torrent::infoHashV2).orElseThrow().bytes());
        if (torrents.putIfAbsent(key, new Entry(handle, discovery, phase)) != null) {
            throw new IllegalStateException("torrent already added: " + key);
        }
        handle.addListener(new TorrentListener() {
            @Override
            public void onDone() {
                if (handle.missingBytes() == 0) { // BEP 3: a download of some files only is no seeder
                    discovery.completed();
                }
            }

            @Override
            public void onError(Throwable error) {
                discovery.paused(true); // the torrent stopped: leave the swarm
            }
        });
        handle.onPause(discovery::paused);
        if (phase == null) {
            start(handle, torrent, add);
        } else {
            swarm.register(phase);
            phase.watch(group.next(), handle::warn);
            phase.fetcher().future()
                    .thenCompose(info -> withPieceHashes(torrent.withMetadata(info), phase, handle))
                    .whenComplete((complete, error) -> {
                        swarm.unregister(phase);
                        phase.finish();
                        if (error != null) {
                            handle.failed(error);
                        } else if (torrents.containsKey(key)) {
                            start(handle, complete, add);
                        }
                    });
        }
        CompletableFuture<Void> dhtNodes = dht != null && !torrent.isPrivate() ? contactDhtNodes(torrent)
                : CompletableFuture.completedFuture(null);
        // With the metadata, trackers hear started once the data is checked, so that it says what
        // is left; a magnet link needs peers for its metadata first.
        CompletableFuture<Void> checked = handle.ready().thenRun(() -> discovery.checked(handle.missingBytes() == 0));
        if (phase == null) {
            checked.thenRun(() -> discovery.start(dhtNodes));
        } else {
            discovery.start(dhtNodes);
        }
        List<InetSocketAddress> initial = new ArrayList<>(add.peers());
        // Not resolved here: a host name could block the caller on its name server (addPeers resolves).
        torrent.toMagnetUri().peers().forEach(p -> initial.add(InetSocketAddress.createUnresolved(p.host(), p.port())));
        if (!initial.isEmpty()) {
            handle.addPeers(initial);
        }
        return handle;
    }

    /**
     * Hands peers to the swarm; those given by host name (a tracker or a magnet link's
     * {@code x.pe} may) are resolved first, off the caller's thread, and dropped if they do not
     * resolve.
     */
    private void addPeers(byte[] infoHash, List<InetSocketAddress> peers) {
        List<InetSocketAddress> named = peers.stream().filter(InetSocketAddress::isUnresolved).toList();
        if (named.isEmpty()) {
            swarm.addPeers(infoHash, peers);
            return;
        }
        swarm.addPeers(infoHash, peers.stream().filter(p -> !p.isUnresolved()).toList());
        try {
            CompletableFuture.supplyAsync(() -> named.stream()
                    .map(p -> new InetSocketAddress(p.getHostString(), p.getPort()))
                    .filter(p -> !p.isUnresolved())
                    .toList(), disk)
                    .thenAccept(resolved -> swarm.addPeers(infoHash, resolved));
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // the client is closing: nothing more to dial
        }
    }

    /** The torrent, once the piece layers it lacks (v2-only) came from the phase's peers. */
    private CompletableFuture<Torrent> withPieceHashes(Torrent torrent, MetadataPhase phase, TorrentHandle handle) {
        return torrent.hasPieceHashes()
                ? CompletableFuture.completedFuture(torrent)
                : phase.fetchPieceLayers(torrent, group.next(), handle::warn);
    }

    /**
     * Pings a .torrent's DHT {@code nodes} (BEP 5), which join our routing table once they
     * answer; settles when every one answered or failed.
     */
    private CompletableFuture<Void> contactDhtNodes(Torrent torrent) {
        List<org.webtorrent4j.magnet.PeerAddress> nodes = torrent.nodes();
        if (nodes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // Names are resolved off the caller's thread: a DNS lookup may take a while.
        return CompletableFuture.supplyAsync(() -> nodes.stream()
                        .map(n -> new InetSocketAddress(n.host(), n.port()))
                        .filter(address -> !address.isUnresolved())
                        .map(address -> dht.ping(address).exceptionally(e -> null))
                        .toArray(CompletableFuture<?>[]::new), disk)
                .thenCompose(CompletableFuture::allOf);
    }

    /** How a torrent is known here: the hex of its swarm info-hash (names its resume record too). */
    private static String keyOf(Torrent torrent) {
        return HexFormat.of().formatHex(torrent.swarmInfoHash());
    }

    private void start(TorrentHandle handle, Torrent torrent, AddOptions add) {
        int fileCount = torrent.userFiles().size();
        for (int selected : add.selected()) {
            if (selected < 0 || selected >= fileCount) {
                // Selecting nothing would count as done at once, with nothing downloaded.
                handle.failed(new IllegalArgumentException("there is no file " + selected + " to select: the torrent has "
                        + fileCount + (fileCount == 1 ? " file (0)" : " files (0 to " + (fileCount - 1) + ")")));
                return;
            }
        }
        String key = keyOf(torrent);
        Path dir = add.downloadDir() != null ? add.downloadDir() : options.downloadDir();
        Storage storage;
        try {
            storage = add.inMemory()
                    ? new MemoryStorage(new PieceLayout(torrent.files().stream().mapToLong(TorrentFile::length).toArray(),
                            torrent.pieceLength()))
                    : new FileStorage(dir, torrent.files().stream()
                            .map(f -> new StoredFile(f.path(), f.length(), f.isPadding())).toList(),
                            torrent.pieceLength(), dir.resolve(".webtorrent4j").resolve(key + ".parts"), options.directWrites());
        } catch (UnsafePathException e) {
            handle.failed(e); // a file it may not write (into the client's records, say)
            return;
        }
        Path resume = add.inMemory() ? null : dir.resolve(".webtorrent4j").resolve(key + ".resume");
        RateLimits limits = new RateLimits(uploadLimit, new TokenBucket(add.uploadLimit(), System.nanoTime()),
                downloadLimit, new TokenBucket(add.downloadLimit(), System.nanoTime()));
        TorrentSession session = new TorrentSession(torrent, storage, resume, swarm, handle.loop(), disk, hashing,
                options.uploadSlots(), add.sequential(), limits, options.pex(), handle::addPeers, handle.listeners());
        if (handle.started(session)) {
            session.start(selection(torrent, add));
        } else {
            session.stop(); // removed while the metadata arrived: it never runs
        }
    }

    /** Which user files to download: the options' choice, else the magnet link's {@code so}, else all. */
    private static java.util.function.IntPredicate selection(Torrent torrent, AddOptions add) {
        return add.selected().isEmpty() ? torrent.toMagnetUri()::isFileSelected : add.selected()::contains;
    }

    /**
     * The torrent's tracker tiers, plus the extra trackers of the add options as one more tier; a
     * malformed URL is skipped with a warning.
     */
    private List<List<URI>> tiers(Torrent torrent, AddOptions add, Consumer<String> warn) {
        if (!options.trackers()) {
            return List.of();
        }
        List<List<URI>> tiers = new ArrayList<>();
        List<List<String>> source = new ArrayList<>(torrent.announceTiers());
        if (!torrent.hasMetadata() && source.isEmpty() && !torrent.announce().isEmpty()) {
            source.add(torrent.announce());
        }
        if (!add.trackers().isEmpty()) {
            source.add(add.trackers());
        }
        for (List<String> tier : source) {
            List<URI> uris = new ArrayList<>();
            for (String url : tier) {
                try {
                    uris.add(new URI(url));
                } catch (URISyntaxException e) {
                    warn.accept("skipped a malformed tracker URL: " + url + " (" + e.getReason() + ")");
                }
            }
            if (!uris.isEmpty()) {
                tiers.add(uris);
            }
        }
        return tiers;
    }

    /**
     * Makes a torrent of a file or folder and seeds it from where it is (the folder around it is
     * the download folder).
     */
    public TorrentHandle seed(Path source, CreateOptions create) throws IOException {
        Torrent torrent = Torrent.parse(TorrentCreator.create(source, create).torrentBytes());
        return add(torrent, AddOptions.builder().downloadDir(source.toAbsolutePath().getParent()).build());
    }

    /** Stops a torrent, tells its trackers, and forgets it, deleting its files if asked. */
    public CompletableFuture<Void> remove(TorrentHandle handle, boolean deleteData) {
        return remove(handle).thenRun(() -> {
            TorrentSession s = handle.session().getNow(null);
            if (deleteData && s != null) {
                try {
                    s.deleteData();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
    }

    /** Stops a torrent, tells its trackers, and forgets it; its files stay. */
    public CompletableFuture<Void> remove(TorrentHandle handle) {
        String key = keyOf(handle.added());
        Entry entry = torrents.remove(key);
        if (entry == null) {
            return CompletableFuture.completedFuture(null);
        }
        handle.removed();
        if (entry.metadataPhase() != null) {
            swarm.unregister(entry.metadataPhase());
            entry.metadataPhase().finish();
        }
        CompletableFuture<Void> stopped = handle.session().isDone() && !handle.session().isCompletedExceptionally()
                ? handle.session().join().stop()
                : CompletableFuture.completedFuture(null);
        return stopped.whenComplete((ok, e) -> entry.discovery().close());
    }

    public List<TorrentHandle> torrents() {
        return torrents.values().stream().map(Entry::handle).toList();
    }

    /**
     * Stops every torrent (announcing {@code stopped}) and releases the port and threads. Safe to
     * call again and from several threads, such as a shutdown hook racing a try-with-resources:
     * later calls wait for the first to finish. Called from one of the client's own threads (a
     * {@link TorrentListener}, say), it cannot wait for them: it starts closing and returns, as
     * {@link #closeAsync()} does.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = closeAsync();
        if (!onOwnLoop()) {
            done.join();
        }
    }

    /** Starts closing, if not yet started, and returns a future completed once everything is closed. */
    public CompletableFuture<Void> closeAsync() {
        if (closing.compareAndSet(false, true)) {
            if (onOwnLoop()) {
                // Closing waits for the loops' work, this loop's included: it runs on a thread of its own.
                new Thread(this::shutDownOnce, "webtorrent-close").start();
            } else {
                shutDownOnce();
            }
        }
        return closed.copy();
    }

    private boolean onOwnLoop() {
        for (var loop : group) {
            if (loop.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    private void shutDownOnce() {
        try {
            shutDown();
            closed.complete(null);
        } catch (RuntimeException | Error e) {
            closed.completeExceptionally(e);
            throw e;
        }
    }

    private void shutDown() {
        CompletableFuture.allOf(torrents().stream().map(this::remove).toArray(CompletableFuture[]::new))
                .orTimeout(30, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
        if (dht != null) {
            dht.close();
        }
        if (trackerRuntime != null) {
            trackerRuntime.close();
        }
        swarm.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        disk.shutdown();
        hashing.shutdown();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

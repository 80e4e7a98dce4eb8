package org.webtorrent4j.client;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.webtorrent4j.client.rate.TokenBucket;
import org.webtorrent4j.client.storage.FileStorage;
import org.webtorrent4j.client.storage.MemoryStorage;
import org.webtorrent4j.client.storage.PieceLayout;
import org.webtorrent4j.client.storage.Storage;
import org.webtorrent4j.client.storage.StoredFile;
import org.webtorrent4j.swarm.Swarm;
import org.webtorrent4j.swarm.TcpTransport;
import org.webtorrent4j.torrent.Torrent;

/**
 * A BitTorrent client: one listening port and one set of threads for any number of torrents.
 *
 * <pre>{@code
 * try (WebTorrent client = new WebTorrent(ClientOptions.builder().downloadDir(dir).build())) {
 *     TorrentHandle t = client.add(Torrent.parse(Path.of("file.torrent")), AddOptions.defaults());
 *     t.addPeers(List.of(new InetSocketAddress("127.0.0.1", 6881)));
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
    private final Map<String, TorrentSession> torrents = new ConcurrentHashMap<>();
    private final TokenBucket uploadLimit;
    private final TokenBucket downloadLimit;

    public WebTorrent(ClientOptions options) {
        this.options = options;
        this.group = new MultiThreadIoEventLoopGroup(options.ioThreads(), NioIoHandler.newFactory());
        this.disk = Executors.newFixedThreadPool(options.diskThreads(), named("webtorrent-disk"));
        this.hashing = Executors.newFixedThreadPool(options.hashThreads(), named("webtorrent-hash"));
        this.swarm = new Swarm(options.swarm(), new TcpTransport(group, options.swarm().wireOptions(),
                options.swarm().connectTimeout()), group);
        this.listenAddress = swarm.start().join();
        this.uploadLimit = new TokenBucket(options.uploadLimit(), System.nanoTime());
        this.downloadLimit = new TokenBucket(options.downloadLimit(), System.nanoTime());
    }

    /** Where peers can reach us. */
    public InetSocketAddress listenAddress() {
        return listenAddress;
    }

    /**
     * Adds a torrent with metadata: existing data in its folder is checked, then it downloads
     * what is missing and seeds what it has.
     */
    public TorrentHandle add(Torrent torrent, AddOptions add) {
        if (!torrent.hasMetadata()) {
            throw new IllegalArgumentException("fetching metadata from peers (ut_metadata) is not wired in yet");
        }
        String key = torrent.infoHashV1().orElseThrow().hex();
        Path dir = add.downloadDir() != null ? add.downloadDir() : options.downloadDir();
        Storage storage = add.inMemory()
                ? new MemoryStorage(new PieceLayout(torrent.files().stream().mapToLong(f -> f.length()).toArray(),
                        torrent.pieceLength()))
                : new FileStorage(dir, torrent.files().stream()
                        .map(f -> new StoredFile(f.path(), f.length(), f.isPadding())).toList(),
                        torrent.pieceLength(), dir.resolve(".webtorrent4j").resolve(key + ".parts"));
        Path resume = add.inMemory() ? null : dir.resolve(".webtorrent4j").resolve(key + ".resume");
        RateLimits limits = new RateLimits(uploadLimit, new TokenBucket(add.uploadLimit(), System.nanoTime()),
                downloadLimit, new TokenBucket(add.downloadLimit(), System.nanoTime()));
        TorrentSession session = new TorrentSession(torrent, storage, resume, swarm, group.next(), disk, hashing,
                options.uploadSlots(), add.sequential(), limits);
        if (torrents.putIfAbsent(key, session) != null) {
            throw new IllegalStateException("torrent already added: " + key);
        }
        session.start(add.deselected());
        if (!add.peers().isEmpty()) {
            session.ready().thenRun(() -> session.addPeers(add.peers()));
        }
        return new TorrentHandle(session);
    }

    /** Stops a torrent and forgets it; its files stay. */
    public CompletableFuture<Void> remove(TorrentHandle handle) {
        String key = handle.torrent().infoHashV1().orElseThrow().hex();
        TorrentSession session = torrents.remove(key);
        return session == null ? CompletableFuture.completedFuture(null) : session.stop();
    }

    public List<TorrentHandle> torrents() {
        return torrents.values().stream().map(TorrentHandle::new).toList();
    }

    @Override
    public void close() {
        CompletableFuture.allOf(torrents.values().stream().map(TorrentSession::stop).toArray(CompletableFuture[]::new))
                .orTimeout(30, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
        torrents.clear();
        swarm.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        disk.shutdown();
        hashing.shutdown();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

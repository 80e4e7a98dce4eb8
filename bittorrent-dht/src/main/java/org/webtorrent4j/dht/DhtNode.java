package org.webtorrent4j.dht;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.dht.krpc.KrpcCodec;
import org.webtorrent4j.dht.krpc.KrpcError;
import org.webtorrent4j.dht.krpc.KrpcException;
import org.webtorrent4j.dht.krpc.KrpcMessage;
import org.webtorrent4j.dht.krpc.KrpcQuery;
import org.webtorrent4j.dht.krpc.KrpcResponse;

/**
 * A Mainline DHT node (BEP 5, with BEP 44 put/get, BEP 43 read-only mode and BEP 32 nodes6) on one
 * UDP socket. All of its state lives on one Netty event loop: public methods may be called from any
 * thread, and their futures complete on that loop (do not block in callbacks).
 */
public final class DhtNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhtNode.class);

    private final DhtOptions options;
    private final boolean ownsGroup;
    private final EventLoopGroup group;
    private final Channel channel;
    private final EventLoop loop;
    private final NodeId id;
    private final boolean ipv6;
    private final LongSupplier clock = () -> System.nanoTime() / 1_000_000;
    private final SecureRandom secureRandom = new SecureRandom();
    private final Random random = new Random(secureRandom.nextLong());
    private final RoutingTable table;
    private final TokenManager tokens;
    private final PeerStore peers;
    private final ItemStore items;
    private final RateLimiter limiter;
    private final RttEstimator rtt;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final List<InetSocketAddress> bootstrap;
    private final CompletableFuture<Void> bootstrapped = new CompletableFuture<>();
    private final List<NodeInfo> savedNodes;
    private int nextTransaction;
    private long packetsIn;
    private long packetsOut;
    private long rateLimited;
    private long malformed;
    private long unmatched;
    private long droppedOutgoing;
    private ScheduledFuture<?> maintenance;
    private boolean closed;

    /** One of our queries waiting for its answer. */
    private static final class Pending {
        final InetSocketAddress to;
        final NodeId expectedId;
        final long sentAt;
        final CompletableFuture<KrpcResponse> future = new CompletableFuture<>();
        ScheduledFuture<?> timeout;

        Pending(InetSocketAddress to, NodeId expectedId, long sentAt) {
            this.to = to;
            this.expectedId = expectedId;
            this.sentAt = sentAt;
        }
    }

    /** A query that got an error reply. */
    public static final class DhtErrorException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int code;

        public DhtErrorException(int code, String message) {
            super(code + " " + message, null, false, false);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    private DhtNode(DhtOptions options) {
        this.options = options;
        DhtState saved = DhtState.load(options.stateFile());
        this.id = options.nodeId() != null ? options.nodeId() : saved != null ? saved.id() : NodeId.random();
        this.savedNodes = saved != null ? saved.nodes() : List.of();
        this.ipv6 = options.bindAddress() instanceof Inet6Address;
        this.table = new RoutingTable(id, options.k(), options.maxFailures(), clock);
        this.tokens = new TokenManager(clock, options.tokenRotationMillis(), secureRandom);
        this.peers = new PeerStore(clock, options.peerTtlMillis(), options.maxInfoHashes(), options.maxPeersPerInfoHash(),
                options.maxStoredPeers());
        this.items = new ItemStore(clock, options.itemTtlMillis(), options.maxItems());
        this.limiter = new RateLimiter(clock, options.queriesPerSecondPerIp(), options.queryBurstPerIp(), options.maxTrackedIps());
        this.rtt = new RttEstimator(options.initialTimeoutMillis(), options.minTimeoutMillis(), options.maxTimeoutMillis());
        this.nextTransaction = random.nextInt(1 << 16);
        this.bootstrap = options.bootstrap();
        this.ownsGroup = options.eventLoopGroup() == null;
        this.group = ownsGroup ? new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory()) : options.eventLoopGroup();
        try {
            boolean epoll = group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class);
            this.channel = new Bootstrap().group(group).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.SO_RCVBUF, 1 << 20)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                    .handler(new Handler())
                    .bind(options.bindAddress(), options.port()).sync().channel();
        } catch (Exception e) {
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw new UncheckedIOException(new IOException("cannot bind UDP " + options.bindAddress() + ":" + options.port(), e));
        }
        this.loop = channel.eventLoop();
    }

    /** Binds the socket and starts joining the DHT through the bootstrap nodes and the saved table. */
    public static DhtNode start(DhtOptions options) {
        DhtNode node = new DhtNode(options);
        node.loop.execute(node::join);
        return node;
    }

    public NodeId id() {
        return id;
    }

    public DhtOptions options() {
        return options;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Completes when the first lookup of our own id (through bootstrap and saved nodes) has ended. */
    public CompletableFuture<Void> bootstrapped() {
        return bootstrapped;
    }

    // ---------------------------------------------------------------- public operations

    /** Finds peers of an info-hash; each new peer is also given to {@code listener} as it arrives. */
    public CompletableFuture<LookupResult> lookup(NodeId infoHash, PeerListener listener) {
        return onLoop(() -> runLookup(Lookup.Kind.GET_PEERS, infoHash, listener, null).thenApply(Lookup::result));
    }

    public CompletableFuture<LookupResult> lookup(NodeId infoHash) {
        return lookup(infoHash, null);
    }

    /** Finds the k nodes closest to {@code target}. */
    public CompletableFuture<LookupResult> findNode(NodeId target) {
        return onLoop(() -> runLookup(Lookup.Kind.FIND_NODE, target, null, null).thenApply(Lookup::result));
    }

    /**
     * Stores us as a peer of {@code infoHash} on the k closest nodes, with the tokens they gave.
     * A {@code port} of 0 asks them to use our UDP source port ({@code implied_port}).
     */
    public CompletableFuture<AnnounceResult> announce(NodeId infoHash, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return onLoop(() -> runLookup(Lookup.Kind.GET_PEERS, infoHash, null, null).thenCompose(lookup -> {
            List<CompletableFuture<Boolean>> acks = new ArrayList<>();
            for (Lookup.Candidate c : lookup.closestResponded()) {
                if (c.response.token() != null) {
                    KrpcQuery.Method m = new KrpcQuery.AnnouncePeer(infoHash, port, port == 0, c.response.token());
                    acks.add(send(c.node.address(), c.node.id(), m).handle((r, e) -> e == null));
                }
            }
            return allCount(acks).thenApply(n -> new AnnounceResult(lookup.result(), n));
        }));
    }

    /** Asks one address for its id. */
    public CompletableFuture<NodeId> ping(InetSocketAddress address) {
        return onLoop(() -> send(address, null, new KrpcQuery.Ping()).thenApply(KrpcResponse::sender));
    }

    /** Stores an immutable BEP 44 item on the k nodes closest to SHA-1 of its bencoding; returns the target. */
    public CompletableFuture<PutResult> putImmutable(Object value) {
        byte[] encoded = Bencode.encode(value);
        if (encoded.length > MutableItem.MAX_VALUE) {
            throw new IllegalArgumentException("value of " + encoded.length + " bytes exceeds " + MutableItem.MAX_VALUE);
        }
        NodeId target = NodeId.sha1(encoded);
        return put(target, token -> new KrpcQuery.PutItem(token, value, null, null, null, null, null));
    }

    /** Stores a signed mutable BEP 44 item; {@code cas}, when not null, is the seq it must replace. */
    public CompletableFuture<PutResult> putMutable(MutableItem item, Long cas) {
        if (!item.verify()) {
            throw new IllegalArgumentException("the item's signature does not verify");
        }
        byte[] salt = item.salt().length == 0 ? null : item.salt();
        return put(item.target(), token -> new KrpcQuery.PutItem(token, item.value(), item.publicKey(), item.signature(),
                item.seq(), salt, cas));
    }

    private CompletableFuture<PutResult> put(NodeId target, Function<byte[], KrpcQuery.PutItem> query) {
        return onLoop(() -> runLookup(Lookup.Kind.GET_ITEM, target, null, null).thenCompose(lookup -> {
            List<CompletableFuture<Boolean>> acks = new ArrayList<>();
            for (Lookup.Candidate c : lookup.closestResponded()) {
                if (c.response.token() != null) {
                    acks.add(send(c.node.address(), c.node.id(), query.apply(c.response.token())).handle((r, e) -> e == null));
                }
            }
            return allCount(acks).thenApply(n -> new PutResult(target, n));
        }));
    }

    /** Gets an immutable item by target; the value is checked against its hash. */
    public CompletableFuture<Optional<Object>> getImmutable(NodeId target) {
        Function<KrpcResponse, Boolean> valid = r -> r.value() != null && r.key() == null
                && NodeId.sha1(Bencode.encode(r.value())).equals(target);
        return onLoop(() -> runLookup(Lookup.Kind.GET_ITEM, target, null, valid).thenApply(lookup -> {
            for (Lookup.Candidate c : lookup.closestRespondedAll()) {
                if (valid.apply(c.response)) {
                    return Optional.of(c.response.value());
                }
            }
            return Optional.empty();
        }));
    }

    /** Gets the newest validly signed mutable item of a public key and salt. */
    public CompletableFuture<Optional<MutableItem>> getMutable(byte[] publicKey, byte[] salt) {
        NodeId target = MutableItem.target(publicKey, salt);
        byte[] s = salt == null ? new byte[0] : salt;
        return onLoop(() -> runLookup(Lookup.Kind.GET_ITEM, target, null, null).thenApply(lookup -> {
            MutableItem best = null;
            for (Lookup.Candidate c : lookup.closestRespondedAll()) {
                KrpcResponse r = c.response;
                if (r.value() == null || r.key() == null || r.signature() == null || r.seq() == null
                        || !java.util.Arrays.equals(r.key(), publicKey) || (best != null && r.seq() <= best.seq())) {
                    continue;
                }
                MutableItem item = new MutableItem(r.key(), s, r.seq(), r.value(), r.signature());
                if (item.verify()) {
                    best = item;
                }
            }
            return Optional.ofNullable(best);
        }));
    }

    /** A snapshot of the node's counters. */
    public DhtStats stats() {
        return await(onLoop(() -> CompletableFuture.completedFuture(new DhtStats(table.size(), table.bucketCount(),
                peers.size(), items.size(), pending.size(), packetsIn, packetsOut, rateLimited, malformed, unmatched,
                droppedOutgoing))));
    }

    /** The nodes currently in the routing table. */
    public List<NodeInfo> routingTableNodes() {
        return await(onLoop(() -> CompletableFuture.completedFuture(table.nodes())));
    }

    /** Saves the routing table (if a state file is configured), closes the socket and fails pending operations. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            // Called from one of our own callbacks: no waiting on ourselves.
            shutdownOnLoop();
            channel.close();
            if (ownsGroup) {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            return;
        }
        if (!loop.isShuttingDown()) {
            try {
                loop.submit(this::shutdownOnLoop).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("closing the DHT node failed", e);
            } catch (java.util.concurrent.RejectedExecutionException alreadyClosing) {
                // Another thread closed the node at the same moment.
            }
        }
        channel.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    private void shutdownOnLoop() {
        if (closed) {
            return;
        }
        closed = true;
        if (maintenance != null) {
            maintenance.cancel(false);
        }
        if (options.stateFile() != null) {
            try {
                new DhtState(id, table.nodes()).save(options.stateFile());
            } catch (IOException e) {
                LOG.warn("cannot save the DHT state to {}", options.stateFile(), e);
            }
        }
        List<Pending> all = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : all) {
            p.timeout.cancel(false);
            p.future.completeExceptionally(new IllegalStateException("DHT node closed"));
        }
        bootstrapped.complete(null);
    }

    // ---------------------------------------------------------------- joining and maintenance

    private void join() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (InetSocketAddress b : bootstrap) {
            InetSocketAddress resolved = b.isUnresolved() ? new InetSocketAddress(b.getHostString(), b.getPort()) : b;
            if (!resolved.isUnresolved() && (resolved.getAddress() instanceof Inet6Address) == ipv6) {
                addresses.add(resolved);
            }
        }
        for (NodeInfo n : savedNodes) {
            if ((n.address().getAddress() instanceof Inet6Address) == ipv6) {
                addresses.add(n.address());
            }
        }
        Lookup self = newLookup(Lookup.Kind.FIND_NODE, id, null, null);
        self.start(List.of(), addresses).whenComplete((l, e) -> bootstrapped.complete(null));
        maintenance = loop.scheduleAtFixedRate(this::maintain, options.maintenanceIntervalMillis(),
                options.maintenanceIntervalMillis(), TimeUnit.MILLISECONDS);
    }

    private void maintain() {
        if (closed) {
            return;
        }
        peers.expire();
        items.expire();
        for (NodeInfo n : table.questionable(options.k())) {
            send(n.address(), n.id(), new KrpcQuery.Ping());
        }
        for (NodeId target : table.refreshTargets(RoutingTable.GOOD_WINDOW_MILLIS, random)) {
            runLookup(Lookup.Kind.FIND_NODE, target, null, null);
        }
        if (table.size() == 0 && !bootstrap.isEmpty()) {
            newLookup(Lookup.Kind.FIND_NODE, id, null, null).start(List.of(), resolvedBootstrap());
        }
    }

    private List<InetSocketAddress> resolvedBootstrap() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetSocketAddress b : bootstrap) {
            if (!b.isUnresolved() && (b.getAddress() instanceof Inet6Address) == ipv6) {
                out.add(b);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- lookups

    private Lookup newLookup(Lookup.Kind kind, NodeId target, PeerListener listener, Function<KrpcResponse, Boolean> stop) {
        return new Lookup(kind, target, id, options.k(), options.alpha(), options.maxLookupCandidates(),
                options.maxPeersPerLookup(), ipv6, this::send, listener, stop);
    }

    private CompletableFuture<Lookup> runLookup(Lookup.Kind kind, NodeId target, PeerListener listener,
                                                Function<KrpcResponse, Boolean> stop) {
        List<NodeInfo> seeds = table.closest(target, options.k());
        List<InetSocketAddress> unknown = seeds.size() < options.k() ? resolvedBootstrap() : List.of();
        return newLookup(kind, target, listener, stop).start(seeds, unknown);
    }

    private static CompletableFuture<Integer> allCount(List<CompletableFuture<Boolean>> acks) {
        AtomicInteger ok = new AtomicInteger();
        acks.forEach(a -> a.thenAccept(b -> {
            if (b) {
                ok.incrementAndGet();
            }
        }));
        return CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).thenApply(v -> ok.get());
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends a query and tracks its transaction. Refusals (node closed, too many pending queries)
     * fail the future on a later loop turn, so callers never see a synchronous completion.
     */
    private CompletableFuture<KrpcResponse> send(InetSocketAddress to, NodeId expectedId, KrpcQuery.Method method) {
        return send(to, expectedId, method, null);
    }

    /**
     * As {@link #send(InetSocketAddress, NodeId, KrpcQuery.Method)}; {@code onSlow}, if not null, runs
     * when the adaptive timeout passes without an answer, and the query then waits until the hard
     * timeout ({@code maxTimeoutMillis}) before it fails.
     */
    private CompletableFuture<KrpcResponse> send(InetSocketAddress to, NodeId expectedId, KrpcQuery.Method method,
                                                 Runnable onSlow) {
        if (closed || pending.size() >= options.maxPendingQueries()) {
            CompletableFuture<KrpcResponse> refused = new CompletableFuture<>();
            String why = closed ? "DHT node closed" : "too many pending queries";
            loop.execute(() -> refused.completeExceptionally(new IllegalStateException(why)));
            return refused;
        }
        int tid;
        do {
            tid = nextTransaction;
            nextTransaction = (nextTransaction + 1) & 0xffff;
        } while (pending.containsKey(tid));
        Pending p = new Pending(to, expectedId, clock.getAsLong());
        pending.put(tid, p);
        byte[] tidBytes = {(byte) (tid >>> 8), (byte) tid};
        writeTo(to, KrpcCodec.encode(new KrpcQuery(tidBytes, id, options.readOnly(), method)));
        int key = tid;
        long soft = rtt.timeoutMillis();
        if (onSlow == null) {
            p.timeout = loop.schedule(() -> onTimeout(key, p), soft, TimeUnit.MILLISECONDS);
        } else {
            p.timeout = loop.schedule(() -> {
                if (pending.get(key) == p) {
                    onSlow.run();
                    p.timeout = loop.schedule(() -> onTimeout(key, p),
                            Math.max(0, options.maxTimeoutMillis() - soft), TimeUnit.MILLISECONDS);
                }
            }, soft, TimeUnit.MILLISECONDS);
        }
        return p.future;
    }

    private void onTimeout(int tid, Pending p) {
        if (pending.remove(tid, p)) {
            if (p.expectedId != null) {
                table.recordTimeout(p.expectedId);
            }
            p.future.completeExceptionally(new TimeoutException("no answer from " + p.to));
        }
    }

    private void writeTo(InetSocketAddress to, byte[] bytes) {
        if (!channel.isWritable()) {
            // The socket's outbound buffer is past its high-water mark: drop rather than queue without bound.
            droppedOutgoing++;
            return;
        }
        packetsOut++;
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), channel.voidPromise());
    }

    // ---------------------------------------------------------------- receiving

    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            onPacket(packet.sender(), ByteBufUtil.getBytes(packet.content(), packet.content().readerIndex(),
                    Math.min(packet.content().readableBytes(), KrpcCodec.MAX_PACKET + 1), false));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("DHT socket error", cause);
        }
    }

    private void onPacket(InetSocketAddress from, byte[] data) {
        if (closed) {
            return;
        }
        packetsIn++;
        if (from.getPort() == 0) {
            malformed++;
            return;
        }
        KrpcMessage message;
        try {
            message = KrpcCodec.decode(data);
        } catch (KrpcException e) {
            malformed++;
            // Answer a broken query only if it is one (cheap check) and the sender is within its rate.
            if (e.transactionId() != null && !options.readOnly() && looksLikeQuery(data) && limiter.tryAcquire(from.getAddress())) {
                writeTo(from, KrpcCodec.encode(new KrpcError(e.transactionId(), KrpcError.PROTOCOL, e.getMessage())));
            }
            return;
        }
        if (message instanceof KrpcQuery q) {
            onQuery(q, from);
        } else if (message instanceof KrpcResponse r) {
            onReply(r.transactionId(), from, r, null);
        } else if (message instanceof KrpcError err) {
            onReply(err.transactionId(), from, null, err);
        }
    }

    private static boolean looksLikeQuery(byte[] data) {
        String s = new String(data, java.nio.charset.StandardCharsets.ISO_8859_1);
        return s.contains("1:y1:q");
    }

    private void onReply(byte[] tidBytes, InetSocketAddress from, KrpcResponse response, KrpcError error) {
        if (tidBytes.length != 2) {
            unmatched++;
            return;
        }
        int tid = ((tidBytes[0] & 0xff) << 8) | (tidBytes[1] & 0xff);
        Pending p = pending.get(tid);
        if (p == null || !p.to.equals(from)) {
            // Unknown transaction, or an answer from an address we did not ask: ignored.
            unmatched++;
            return;
        }
        pending.remove(tid);
        p.timeout.cancel(false);
        rtt.sample(clock.getAsLong() - p.sentAt);
        if (error != null) {
            p.future.completeExceptionally(new DhtErrorException(error.code(), error.message()));
            return;
        }
        if (response.sender().equals(id)) {
            p.future.completeExceptionally(new IllegalStateException("a node answered with our own id"));
            return;
        }
        NodeInfo node = new NodeInfo(response.sender(), from);
        if (p.expectedId != null && !p.expectedId.equals(response.sender())) {
            table.recordTimeout(p.expectedId);
        }
        if (options.enforceNodeId() && !NodeIdSecurity.isCompliant(node.id(), from.getAddress())) {
            // BEP 42: its answer is still used, but it never enters our routing table.
            p.future.complete(response);
            return;
        }
        if (table.recordResponse(node) == RoutingTable.Outcome.CACHED) {
            for (NodeInfo q : table.questionableNear(node.id())) {
                send(q.address(), q.id(), new KrpcQuery.Ping());
            }
        }
        p.future.complete(response);
    }

    private void onQuery(KrpcQuery q, InetSocketAddress from) {
        if (options.readOnly()) {
            return;
        }
        if (!limiter.tryAcquire(from.getAddress())) {
            rateLimited++;
            return;
        }
        NodeInfo node = new NodeInfo(q.sender(), from);
        if (!q.readOnly()) {
            table.recordQuery(node);
            // An unknown node that asked us: ping it, and only its answer adds it (spoof-proof).
            if (table.hasRoomFor(q.sender()) && pending.size() < options.maxPendingQueries() / 2
                    && (!options.enforceNodeId() || NodeIdSecurity.isCompliant(q.sender(), from.getAddress()))) {
                send(from, q.sender(), new KrpcQuery.Ping());
            }
        }
        KrpcResponse base = KrpcResponse.of(q.transactionId(), id).withExternalAddress(from);
        KrpcQuery.Method m = q.method();
        KrpcMessage reply;
        if (m instanceof KrpcQuery.Ping) {
            reply = base;
        } else if (m instanceof KrpcQuery.FindNode f) {
            reply = withNodes(base, f.target(), f.want(), from);
        } else if (m instanceof KrpcQuery.GetPeers g) {
            reply = withNodes(base, g.infoHash(), g.want(), from).withToken(tokens.tokenFor(from.getAddress()))
                    .withValues(peers.get(g.infoHash(), options.maxPeersPerReply(), random));
        } else if (m instanceof KrpcQuery.AnnouncePeer a) {
            reply = announced(q, a, from, base);
        } else if (m instanceof KrpcQuery.GetItem g) {
            reply = gotItem(g, from, base);
        } else if (m instanceof KrpcQuery.PutItem p) {
            reply = putItem(q, p, from, base);
        } else {
            reply = new KrpcError(q.transactionId(), KrpcError.METHOD_UNKNOWN, "Method Unknown");
        }
        writeTo(from, KrpcCodec.encode(reply));
    }

    private KrpcResponse withNodes(KrpcResponse base, NodeId target, Set<String> want, InetSocketAddress from) {
        boolean requesterV6 = from.getAddress() instanceof Inet6Address;
        boolean v4 = want.isEmpty() ? !requesterV6 : want.contains("n4");
        boolean v6 = want.isEmpty() ? requesterV6 : want.contains("n6");
        List<NodeInfo> closest = table.closest(target, options.k());
        return base.withNodes(v4 && !ipv6 ? closest : List.of(), v6 && ipv6 ? closest : List.of());
    }

    private KrpcMessage announced(KrpcQuery q, KrpcQuery.AnnouncePeer a, InetSocketAddress from, KrpcResponse base) {
        if (!tokens.isValid(a.token(), from.getAddress())) {
            return new KrpcError(q.transactionId(), KrpcError.PROTOCOL, "bad token");
        }
        int port = a.impliedPort() ? from.getPort() : a.port();
        if (port == 0) {
            return new KrpcError(q.transactionId(), KrpcError.PROTOCOL, "port 0");
        }
        peers.add(a.infoHash(), new InetSocketAddress(from.getAddress(), port));
        return base;
    }

    private KrpcMessage gotItem(KrpcQuery.GetItem g, InetSocketAddress from, KrpcResponse base) {
        KrpcResponse reply = withNodes(base, g.target(), g.want(), from).withToken(tokens.tokenFor(from.getAddress()));
        ItemStore.Item item = items.get(g.target());
        if (item == null) {
            return reply;
        }
        if (item.key() == null) {
            return reply.withItem(item.value(), null, null, null);
        }
        if (g.seq() != null && item.seq() <= g.seq()) {
            return reply.withItem(null, item.key(), null, item.seq());
        }
        return reply.withItem(item.value(), item.key(), item.signature(), item.seq());
    }

    private KrpcMessage putItem(KrpcQuery q, KrpcQuery.PutItem p, InetSocketAddress from, KrpcResponse base) {
        if (!tokens.isValid(p.token(), from.getAddress())) {
            return new KrpcError(q.transactionId(), KrpcError.PROTOCOL, "bad token");
        }
        try {
            items.put(p, from.getAddress());
            return base;
        } catch (ItemStore.PutRejected e) {
            return new KrpcError(q.transactionId(), e.code, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- threading helpers

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                task.get().whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}

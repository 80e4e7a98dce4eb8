package org.webtorrent4j.swarm;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.ExtendedHandshake;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.Wire;

/**
 * Connections for many torrents: one listener routes incoming handshakes by info-hash, and a
 * dialer works through each torrent's peer queue within global, per-torrent and half-open
 * limits. It drops connections to ourselves and second connections to the same peer, backs off
 * from peers that fail, and bans addresses that break the protocol repeatedly.
 *
 * <p>The swarm's bookkeeping (queues, half-open count) is confined to one event loop; the
 * connection counts are atomic because connections close on their own loops.
 */
public final class Swarm implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Swarm.class);
    private static final long DIAL_INTERVAL_MILLIS = 200;
    private static final int STRIKES_BEFORE_BAN = 3;
    /**
     * Hosts (or peer ids) each ban list and the strike count remember, the eldest forgotten
     * first: hostile hosts without number cannot fill memory.
     */
    static final int MAX_REMEMBERED = 10_000;

    private final SwarmOptions options;
    private final Transport transport;
    private final EventLoop loop;
    private final byte[] peerId;
    private final Map<ByteBuffer, Entry> torrents = new ConcurrentHashMap<>();
    private final Set<InetAddress> banned = Collections.newSetFromMap(bounded());
    private final Set<InetSocketAddress> bannedEndpoints = Collections.newSetFromMap(bounded());
    private final Set<ByteBuffer> bannedPeerIds = Collections.newSetFromMap(bounded());
    private final Map<InetAddress, Integer> strikes = bounded();
    /** Addresses that turned out to be ourselves: trackers and PEX would hand them back. */
    private final Set<InetSocketAddress> selfEndpoints = Collections.newSetFromMap(bounded());
    private final AtomicInteger connections = new AtomicInteger();
    private int halfOpen;
    private volatile InetSocketAddress localAddress;
    /** Where peers see us, for priorities; on the swarm's loop, null until listening. */
    private OwnAddress own;
    private ScheduledFuture<?> dialer;
    private volatile boolean closed;

    /** One registered torrent. */
    private static final class Entry {
        final SwarmTorrent torrent;
        final PeerQueue queue;
        final AtomicInteger connections = new AtomicInteger();
        /** Its dials in progress; on the swarm's loop. */
        int halfOpen;
        /** The connection kept to each peer id. */
        final Map<ByteBuffer, Session> peerIds = new ConcurrentHashMap<>();

        Entry(SwarmTorrent torrent, PeerQueue queue) {
            this.torrent = torrent;
            this.queue = queue;
        }
    }

    public Swarm(SwarmOptions options, Transport transport, EventLoopGroup group) {
        this.options = options;
        this.transport = transport;
        this.loop = group.next();
        this.peerId = options.peerId();
    }

    /** Starts listening; completes with the bound address. */
    public CompletableFuture<InetSocketAddress> start() {
        return transport.listen(options.listen(), Incoming::new).thenApply(address -> {
            localAddress = address;
            loop.execute(() -> {
                own = new OwnAddress(address);
                if (address.getAddress().isAnyLocalAddress()) { // trackers may hand us back on loopback
                    selfEndpoints.add(own.toward(OwnAddress.LOOPBACK_V4));
                    selfEndpoints.add(own.toward(OwnAddress.LOOPBACK_V6));
                } else {
                    selfEndpoints.add(address);
                }
                reprioritize();
            });
            dialer = loop.scheduleAtFixedRate(this::dial, DIAL_INTERVAL_MILLIS, DIAL_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            return address;
        });
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public byte[] peerId() {
        return peerId.clone();
    }

    public int connectionCount() {
        return connections.get();
    }

    /** Routes incoming connections for the torrent to it, and dials the peers added for it. */
    public void register(SwarmTorrent torrent) {
        Entry entry = new Entry(torrent, new PeerQueue(options.maxQueuedPeers(), options.maxDialFailures(),
                options.retryBackoff().toNanos()));
        if (torrents.putIfAbsent(key(torrent.infoHash()), entry) != null) {
            throw new IllegalStateException("torrent already registered");
        }
    }

    /**
     * Stops routing and dialing for the torrent (its open connections are the torrent's to close).
     * Only this very torrent: one registered since under the same info-hash stays.
     */
    public void unregister(SwarmTorrent torrent) {
        torrents.computeIfPresent(key(torrent.infoHash()), (key, entry) -> entry.torrent == torrent ? null : entry);
    }

    /**
     * Peers found for a torrent (tracker, DHT, PEX, magnet link); dialed as limits allow. Host
     * names not yet resolved are skipped: resolving one may block, so that is the caller's to do
     * off the event loops.
     */
    public void addPeers(byte[] infoHash, Collection<InetSocketAddress> peers) {
        List<InetSocketAddress> copy = List.copyOf(peers);
        loop.execute(() -> {
            Entry entry = torrents.get(key(infoHash));
            if (entry != null) {
                copy.stream().filter(p -> !p.isUnresolved() && !isBanned(p) && !selfEndpoints.contains(p))
                        .forEach(p -> entry.queue.add(p, priorityOf(p)));
                dial();
            }
        });
    }

    /** A thread-safe map that forgets its eldest entries beyond {@link #MAX_REMEMBERED}. */
    private static <K, V> Map<K, V> bounded() {
        return Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > MAX_REMEMBERED;
            }
        });
    }

    /** Refuses every address of the host from now on (for IPv6, of its /64). */
    public void ban(InetAddress address) {
        banned.add(Hosts.of(address));
    }

    /**
     * Refuses a misbehaving peer from now on: its peer id, and its host, or on loopback (where
     * every peer shares one host) its exact endpoint.
     */
    public void ban(InetSocketAddress peer, byte[] peerId) {
        if (peerId != null) {
            bannedPeerIds.add(ByteBuffer.wrap(peerId.clone()));
        }
        if (peer.getAddress().isLoopbackAddress()) {
            bannedEndpoints.add(peer);
        } else {
            banned.add(Hosts.of(peer.getAddress()));
        }
    }

    public boolean isBanned(InetSocketAddress peer) {
        return banned.contains(Hosts.of(peer.getAddress())) || bannedEndpoints.contains(peer);
    }

    private void dial() {
        if (closed) {
            return;
        }
        List<Entry> entries = new ArrayList<>(torrents.values());
        boolean progress = true;
        while (progress && mayDial()) {
            progress = false;
            for (Entry entry : entries) {
                if (!mayDial() || !entry.torrent.wantsPeers()
                        || entry.connections.get() + entry.halfOpen >= options.maxPerTorrent()) {
                    continue;
                }
                InetSocketAddress peer = entry.queue.next(System.nanoTime());
                if (peer == null) {
                    continue;
                }
                progress = true;
                if (isBanned(peer)) {
                    entry.queue.remove(peer); // banned since it was queued
                    continue;
                }
                halfOpen++;
                entry.halfOpen++;
                Outgoing session = new Outgoing(entry, peer);
                transport.dial(peer, session).whenComplete((ok, failure) -> loop.execute(() -> {
                    halfOpen--;
                    entry.halfOpen--;
                    if (failure != null) {
                        entry.queue.finished(peer, true, System.nanoTime());
                    }
                }));
            }
        }
    }

    /** Room for one more dial under the half-open and the global connection limits. */
    private boolean mayDial() {
        return halfOpen < options.maxHalfOpen() && connections.get() + halfOpen < options.maxConnections();
    }

    /** BEP 40 priority of a connection to {@code peer}; 0 while we do not know where it sees us. */
    private long priorityOf(InetSocketAddress peer) {
        InetSocketAddress ours = own == null ? null : own.toward(peer.getAddress());
        return ours == null ? 0 : CanonicalPeerPriority.of(ours, peer);
    }

    private void reprioritize() {
        torrents.values().forEach(e -> e.queue.reprioritize(this::priorityOf));
    }

    private static ByteBuffer key(byte[] infoHash) {
        return ByteBuffer.wrap(infoHash.clone());
    }

    @Override
    public void close() {
        closed = true;
        if (dialer != null) {
            dialer.cancel(false);
        }
        transport.close();
    }

    /** A connection's session: routes it to its torrent and keeps the counts. */
    private abstract class Session extends ForwardingWireListener implements WireSession {
        Entry entry;
        Wire wire;
        InetSocketAddress remote;
        EventExecutor wireLoop;
        ByteBuffer remotePeerId;
        boolean counted;
        /** Closed as a second connection to a peer; set from another loop when evicted. */
        volatile boolean duplicate;

        @Override
        public void onWire(Wire wire, InetSocketAddress remote, EventExecutor wireLoop) {
            this.wire = wire;
            this.remote = remote;
            this.wireLoop = wireLoop;
            if (closed || isBanned(remote)) {
                wire.close();
            }
        }

        /** Counts the connection and hands it to the torrent; false (and closed) when over a limit. */
        boolean attach(Entry e, boolean incoming) {
            // Both counters are incremented first (no short-circuit), then both undone if over.
            if (connections.incrementAndGet() > options.maxConnections()
                    | e.connections.incrementAndGet() > options.maxPerTorrent()) {
                connections.decrementAndGet();
                e.connections.decrementAndGet();
                wire.close();
                return false;
            }
            entry = e;
            counted = true;
            forwardTo(e.torrent.onConnection(new PeerLink(wire, remote, incoming, wireLoop)));
            return true;
        }

        @Override
        public void onHandshake(Wire w, Handshake handshake) {
            byte[] id = handshake.peerId();
            if (Arrays.equals(id, peerId)) {
                InetSocketAddress self = remote;
                selfEndpoints.add(self);
                loop.execute(() -> torrents.values().forEach(e -> e.queue.remove(self)));
                w.close();
                return;
            }
            ByteBuffer key = ByteBuffer.wrap(id);
            if (bannedPeerIds.contains(key)) {
                w.close();
                return;
            }
            if (entry != null && keptOf(entry, key, id) != this) {
                duplicate = true;
                w.close(); // already connected to this peer
                return;
            }
            remotePeerId = key;
            super.onHandshake(w, handshake);
        }

        /** The peer tells where it sees us (BEP 10 {@code yourip}): our priorities may change. */
        @Override
        public void onExtendedHandshake(Wire w, ExtendedHandshake handshake) {
            if (handshake.yourIp() != null && remote != null) {
                InetAddress peer = remote.getAddress();
                InetAddress ours = Hosts.address(handshake.yourIp());
                loop.execute(() -> {
                    if (own != null && own.named(peer, ours)) {
                        reprioritize();
                    }
                });
            }
            super.onExtendedHandshake(w, handshake);
        }

        @Override
        public void onClose(Wire w, CloseReason reason, Throwable cause) {
            if (counted) {
                connections.decrementAndGet();
                entry.connections.decrementAndGet();
                if (remotePeerId != null) {
                    entry.peerIds.remove(remotePeerId, this);
                }
            }
            // Before a valid handshake nothing is owed: a client trying an encrypted (MSE) handshake
            // first, as many do by default, or a port scan, is refused without a strike.
            boolean handshaken = w.peerHandshake() != null;
            if (handshaken && reason.isProtocolViolation() && remote != null) {
                penalize(remote.getAddress(), reason);
            }
            finished(!handshaken || duplicate || reason.isProtocolViolation());
            super.onClose(w, reason, cause);
        }

        void finished(boolean failed) {}

        /**
         * Which of two connections to one peer stays: the one the lower peer id dialed, so that
         * when two peers dial each other at once both ends keep the same one (keeping whichever
         * handshake came first closed both). Of two in the same direction, the older.
         */
        private Session keptOf(Entry e, ByteBuffer key, byte[] theirId) {
            while (true) {
                Session other = e.peerIds.putIfAbsent(key, this);
                if (other == null) {
                    return this;
                }
                if (Arrays.compareUnsigned(dialer(theirId), other.dialer(theirId)) >= 0) {
                    return other;
                }
                if (e.peerIds.replace(key, other, this)) {
                    other.duplicate = true;
                    other.wireLoop.execute(other.wire::close);
                    return this;
                }
            }
        }

        /** The peer id of the side that dialed this connection. */
        private byte[] dialer(byte[] theirId) {
            return this instanceof Outgoing ? peerId : theirId;
        }
    }

    private void penalize(InetAddress address, CloseReason reason) {
        int count = strikes.merge(Hosts.of(address), 1, Integer::sum);
        log.debug("peer {} broke the protocol ({}), strike {}", address, reason, count);
        if (count >= STRIKES_BEFORE_BAN && !address.isLoopbackAddress()) {
            banned.add(Hosts.of(address));
        }
    }

    /** A connection we dialed: its torrent is known from the start. */
    private final class Outgoing extends Session {
        private final Entry target;
        private final InetSocketAddress peer;

        Outgoing(Entry target, InetSocketAddress peer) {
            this.target = target;
            this.peer = peer;
        }

        @Override
        public io.netty.channel.EventLoop eventLoop() {
            return target.torrent.eventLoop();
        }

        @Override
        public void onWire(Wire wire, InetSocketAddress remote, EventExecutor wireLoop) {
            super.onWire(wire, remote, wireLoop);
            if (!wire.isClosed() && attach(target, false)) {
                wire.handshake(target.torrent.infoHash(), peerId);
            }
        }

        @Override
        void finished(boolean failed) {
            loop.execute(() -> target.queue.finished(peer, failed, System.nanoTime()));
        }
    }

    /** A connection that dialed us: its torrent is found by the info-hash it asks for. */
    private final class Incoming extends Session {
        @Override
        public EventLoop eventLoopFor(byte[] infoHash) {
            Entry e = torrents.get(key(infoHash));
            return e == null ? null : e.torrent.eventLoop();
        }

        @Override
        public void onInfoHash(Wire w, byte[] infoHash) {
            Entry e = torrents.get(key(infoHash));
            if (e == null) {
                w.close(CloseReason.UNKNOWN_INFO_HASH, null);
                return;
            }
            if (attach(e, true)) {
                w.handshake(infoHash, peerId);
            }
        }
    }
}

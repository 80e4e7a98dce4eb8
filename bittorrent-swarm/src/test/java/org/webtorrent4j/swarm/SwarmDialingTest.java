package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;
import org.webtorrent4j.wire.netty.WireHandler;

/**
 * How the swarm dials: which peers, how many at once, and what a connection's end means for the
 * next dial. No sockets: an in-memory transport hands dials and incoming sessions to the test,
 * which runs each connection on an {@link EmbeddedChannel} and moves the bytes itself, so every
 * interleaving is deterministic.
 */
class SwarmDialingTest {
    /** One loop: {@link #barrier()} then waits for everything the swarm queued before it. */
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Records dials; the test plays the network. */
    private static final class InMemoryTransport implements Transport {
        record Dial(InetSocketAddress remote, WireSession session, CompletableFuture<Void> connected) {}

        final BlockingQueue<Dial> dials = new LinkedBlockingQueue<>();
        final InetSocketAddress address;
        Supplier<WireSession> sessions;

        InMemoryTransport(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public CompletableFuture<InetSocketAddress> listen(InetSocketAddress bind, Supplier<WireSession> sessions) {
            this.sessions = sessions;
            return CompletableFuture.completedFuture(address);
        }

        @Override
        public CompletableFuture<Void> dial(InetSocketAddress remote, WireSession session) {
            CompletableFuture<Void> connected = new CompletableFuture<>();
            dials.add(new Dial(remote, session, connected));
            return connected;
        }

        @Override
        public void close() {}
    }

    private static final class Torrent implements SwarmTorrent {
        final byte[] infoHash = new byte[20];
        final BlockingQueue<PeerLink> links = new LinkedBlockingQueue<>();
        volatile boolean wantsPeers = true;

        Torrent() {
            infoHash[0] = 9;
        }

        @Override
        public byte[] infoHash() {
            return infoHash;
        }

        @Override
        public boolean wantsPeers() {
            return wantsPeers;
        }

        @Override
        public WireListener onConnection(PeerLink link) {
            links.add(link);
            return new WireListener() {};
        }
    }

    private static InetSocketAddress address(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static byte[] peerId(char c) {
        byte[] id = new byte[20];
        id[0] = (byte) c;
        return id;
    }

    private Swarm swarm(InMemoryTransport transport, byte[] peerId, int maxPerTorrent, int maxDialFailures) {
        Swarm swarm = new Swarm(SwarmOptions.builder().peerId(peerId).maxPerTorrent(maxPerTorrent)
                .maxDialFailures(maxDialFailures).retryBackoff(Duration.ofMillis(1)).build(), transport, group);
        swarm.start().join();
        return swarm;
    }

    /** Runs after everything the swarm's loop has queued so far. */
    private void barrier() throws Exception {
        group.next().submit(() -> {}).get(20, TimeUnit.SECONDS);
    }

    /** A connection's end on an embedded channel, as TcpTransport would set it up. */
    private static EmbeddedChannel open(WireSession session, InetSocketAddress remote) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new WireHandler(WireOptions.DEFAULT, session, w -> session.onWire(w, remote, ch.eventLoop())));
        return ch;
    }

    /** Delivers what {@code from} wrote to {@code to}, and its close. */
    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            if (to.isOpen()) {
                to.writeInbound(b);
            } else {
                b.release();
            }
        }
        if (!from.isOpen() && to.isOpen()) {
            to.close();
        }
    }

    private static ByteBuf handshake(byte[] infoHash, byte[] peerId) {
        ByteBuffer h = ByteBuffer.allocate(68);
        h.put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII)).put(new byte[8])
                .put(infoHash).put(peerId);
        return Unpooled.wrappedBuffer(h.array());
    }

    /**
     * A connection that ends after the peer's handshake is no failed dial: a good peer is dialed
     * again however many of its sessions end (it used to be dropped after maxDialFailures).
     */
    @Test
    void aPeerWhoseSessionsEndNormallyIsDialedAgain() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("127.0.0.1", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 10, 2)) {
            Torrent t = new Torrent();
            swarm.register(t);
            InetSocketAddress peer = address("127.0.0.1", 7000);
            swarm.addPeers(t.infoHash, List.of(peer));
            for (int session = 1; session <= 3; session++) {
                InMemoryTransport.Dial dial = net.dials.poll(5, TimeUnit.SECONDS);
                assertNotNull(dial, "dial #" + session + ": the peer completed " + (session - 1)
                        + " sessions normally and was dropped as if its dials had failed");
                EmbeddedChannel ch = open(dial.session(), peer);
                dial.connected().complete(null);
                ch.writeInbound(handshake(t.infoHash, peerId('P')));
                assertNotNull(t.links.poll(5, TimeUnit.SECONDS));
                assertTrue(ch.isOpen(), "handshake done, connection up");
                ch.close(); // the peer hangs up normally
                ch.finishAndReleaseAll();
            }
        }
    }

    /** A torrent's dials in progress count against its connection limit. */
    @Test
    void dialsForATorrentStayWithinItsConnectionLimit() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("127.0.0.1", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 1, 4)) {
            Torrent t = new Torrent();
            swarm.register(t);
            swarm.addPeers(t.infoHash, List.of(address("127.0.0.1", 7001), address("127.0.0.1", 7002),
                    address("127.0.0.1", 7003), address("127.0.0.1", 7004)));
            barrier();
            assertEquals(1, net.dials.size(), "dials in progress for a torrent with maxPerTorrent=1");
        }
    }

    /**
     * Every dial re-checks the global limit, also when several torrents become ready at once (as
     * at start-up, when peers were queued while each torrent checked its data).
     */
    @Test
    void dialsOverAllTorrentsStayWithinTheGlobalLimit() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("127.0.0.1", 6881));
        Swarm swarm = new Swarm(SwarmOptions.builder().peerId(peerId('A')).maxConnections(1).build(), net, group);
        swarm.start().join();
        try (swarm) {
            List<Torrent> torrents = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Torrent t = new Torrent();
                t.infoHash[1] = (byte) i;
                t.wantsPeers = false; // still checking its data
                torrents.add(t);
                swarm.register(t);
                swarm.addPeers(t.infoHash, List.of(address("127.0.0.1", 7001 + i)));
            }
            barrier();
            group.next().execute(() -> torrents.forEach(t -> t.wantsPeers = true)); // all ready at once
            InMemoryTransport.Dial first = net.dials.poll(20, TimeUnit.SECONDS);
            assertNotNull(first);
            barrier(); // the pass that made the first dial is over
            assertEquals(0, net.dials.size(), "further dials in progress with maxConnections=1");
        }
    }

    /**
     * A host name not yet resolved is skipped, and the rest of its batch is dialed (it used to
     * throw on the swarm's loop and lose the whole batch).
     */
    @Test
    void anUnresolvedPeerDoesNotLoseTheRestOfItsBatch() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("127.0.0.1", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 10, 4)) {
            Torrent t = new Torrent();
            swarm.register(t);
            InetSocketAddress good = address("127.0.0.1", 7001);
            swarm.addPeers(t.infoHash, List.of(InetSocketAddress.createUnresolved("peer.invalid", 6881), good));
            barrier();
            InMemoryTransport.Dial dial = net.dials.poll(5, TimeUnit.SECONDS);
            assertNotNull(dial, "the resolvable peer of the batch was never dialed");
        }
    }

    /**
     * A connection that does not start with a plain BitTorrent handshake (an encrypted MSE one,
     * which many clients try first) is refused without a strike: three of them used to ban the
     * host for good, its plain-text connections included.
     */
    @Test
    void encryptedHandshakeAttemptsDoNotBanAHost() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("127.0.0.1", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 10, 4)) {
            Torrent t = new Torrent();
            swarm.register(t);
            Random random = new Random(40);
            for (int attempt = 0; attempt < 3; attempt++) {
                EmbeddedChannel ch = open(net.sessions.get(), address("203.0.113.7", 50000 + attempt));
                byte[] dhPublicKey = new byte[96]; // MSE: Ya, then padding
                random.nextBytes(dhPublicKey);
                dhPublicKey[0] = 0x42; // not 19
                ch.writeInbound(Unpooled.wrappedBuffer(dhPublicKey));
                assertFalse(ch.isOpen(), "not a plain handshake: refused (fine)");
            }
            assertFalse(swarm.isBanned(address("203.0.113.7", 6881)),
                    "a peer that tried encryption before plain text is banned for good");
        }
    }

    /** An address that turned out to be ourselves is not dialed again when a tracker hands it back. */
    @Test
    void ourOwnAddressIsNotDialedAgain() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("127.0.0.1", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 10, 4)) {
            Torrent t = new Torrent();
            swarm.register(t);
            InetSocketAddress ourPublicAddress = address("127.0.0.2", 6881);
            swarm.addPeers(t.infoHash, List.of(ourPublicAddress));
            InMemoryTransport.Dial dial = net.dials.poll(5, TimeUnit.SECONDS);
            assertNotNull(dial);
            EmbeddedChannel ch = open(dial.session(), ourPublicAddress);
            dial.connected().complete(null);
            ch.writeInbound(handshake(t.infoHash, peerId('A'))); // our own peer id
            assertFalse(ch.isOpen(), "a connection to ourselves is closed");
            ch.finishAndReleaseAll();
            swarm.addPeers(t.infoHash, List.of(ourPublicAddress));
            barrier();
            assertEquals(0, net.dials.size(), "dialed ourselves again");
        }
    }

    /**
     * BEP 40 with a wildcard listener: a peer's {@code yourip} tells where peers see us, and the
     * queue is ordered by priorities from that address (it used 127.0.0.1 for every peer).
     * Documentation addresses: the in-memory transport dials nothing.
     */
    @Test
    void priorityOrderFollowsTheAddressPeersSeeUsAt() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("0.0.0.0", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 1, 4)) {
            Torrent t = new Torrent();
            swarm.register(t);
            InetSocketAddress first = address("198.51.100.1", 6881);
            swarm.addPeers(t.infoHash, List.of(first));
            InMemoryTransport.Dial dial = net.dials.poll(5, TimeUnit.SECONDS);
            assertNotNull(dial);
            EmbeddedChannel ours = open(dial.session(), first);
            InetSocketAddress seenAs = address("203.0.113.7", 6881);
            EmbeddedChannel theirs = new EmbeddedChannel();
            theirs.pipeline().addLast(new WireHandler(WireOptions.DEFAULT, new WireListener() {
                @Override
                public void onInfoHash(Wire w, byte[] infoHash) {
                    w.handshake(infoHash, peerId('P'));
                }
            }, w -> w.setPeerAddress(seenAs.getAddress().getAddress())));
            dial.connected().complete(null);
            for (int i = 0; i < 3; i++) {
                pump(ours, theirs);
                pump(theirs, ours);
            }
            assertNotNull(t.links.poll(5, TimeUnit.SECONDS));
            barrier();

            // BEP 40 keeps only the 0x55 bits of these last bytes: each of these is hashed apart.
            List<InetSocketAddress> queued = new ArrayList<>();
            for (int last : new int[] {0, 1, 4, 5, 16, 17, 20, 21, 64, 65, 68, 69, 80, 81, 84, 85}) {
                queued.add(address("198.51.100." + last, 6881));
            }
            swarm.addPeers(t.infoHash, queued); // waiting: the one connection allowed is taken
            InetSocketAddress best = best(queued, seenAs);
            assertNotEquals(best(queued, address("127.0.0.1", 6881)), best, "the test tells the two apart");
            ours.close();
            theirs.finishAndReleaseAll();
            ours.finishAndReleaseAll();
            InMemoryTransport.Dial next = net.dials.poll(5, TimeUnit.SECONDS);
            assertNotNull(next);
            assertEquals(best, next.remote());
        }
    }

    private static InetSocketAddress best(List<InetSocketAddress> peers, InetSocketAddress self) {
        return peers.stream().max(Comparator.comparingLong(p -> CanonicalPeerPriority.of(self, p))).orElseThrow();
    }

    /** An IPv6 host is banned with its /64: it cannot come back from another address of its own. */
    @Test
    void anIpv6BanCoversItsSlash64() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("::", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 10, 4)) {
            swarm.ban(InetAddress.getByName("2001:db8:1:2:3:4:5:6"));
            assertTrue(swarm.isBanned(address("2001:db8:1:2:ffff::1", 6881)));
            assertFalse(swarm.isBanned(address("2001:db8:1:3::1", 6881)));
            swarm.ban(address("2001:db8:9:9::1", 7000), peerId('X'));
            assertTrue(swarm.isBanned(address("2001:db8:9:9::2", 7001)));
            swarm.ban(address("198.51.100.7", 1), null);
            assertTrue(swarm.isBanned(address("198.51.100.7", 2)));
            assertFalse(swarm.isBanned(address("198.51.100.8", 1)));
        }
    }

    /** A host banned while its address waits in the queue is not dialed. */
    @Test
    void aBannedHostAlreadyQueuedIsNotDialed() throws Exception {
        InMemoryTransport net = new InMemoryTransport(address("127.0.0.1", 6881));
        try (Swarm swarm = swarm(net, peerId('A'), 10, 4)) {
            Torrent t = new Torrent();
            t.wantsPeers = false;
            swarm.register(t);
            InetSocketAddress bad = address("203.0.113.9", 6881);
            InetSocketAddress good = address("203.0.113.10", 6881);
            swarm.addPeers(t.infoHash, List.of(bad, good));
            barrier();
            swarm.ban(bad.getAddress());
            t.wantsPeers = true;
            List<InetSocketAddress> dialed = new java.util.ArrayList<>();
            dialed.add(net.dials.poll(20, TimeUnit.SECONDS).remote());
            barrier(); // the pass that dialed the good peer is over
            net.dials.forEach(d -> dialed.add(d.remote()));
            assertEquals(List.of(good), dialed);
        }
    }

    /**
     * Two peers that dial each other at once keep exactly one of the two connections: both ends
     * keep the one the lower peer id dialed (each used to keep its first and close both).
     */
    @Test
    void simultaneousDialsLeaveOneConnection() throws Exception {
        InetSocketAddress addrA = address("127.0.0.1", 6881);
        InetSocketAddress addrB = address("127.0.0.1", 6882);
        InMemoryTransport netA = new InMemoryTransport(addrA);
        InMemoryTransport netB = new InMemoryTransport(addrB);
        try (Swarm a = swarm(netA, peerId('A'), 10, 4); Swarm b = swarm(netB, peerId('B'), 10, 4)) {
            Torrent atA = new Torrent();
            Torrent atB = new Torrent();
            a.register(atA);
            b.register(atB);
            a.addPeers(atA.infoHash, List.of(addrB));
            b.addPeers(atB.infoHash, List.of(addrA));
            InMemoryTransport.Dial aDialsB = netA.dials.poll(20, TimeUnit.SECONDS);
            InMemoryTransport.Dial bDialsA = netB.dials.poll(20, TimeUnit.SECONDS);
            // Connection 1: A -> B; connection 2: B -> A. Both sockets up, both dialers send first.
            EmbeddedChannel c1AtA = open(aDialsB.session(), addrB);
            EmbeddedChannel c1AtB = open(netB.sessions.get(), address("127.0.0.1", 50001));
            EmbeddedChannel c2AtB = open(bDialsA.session(), addrA);
            EmbeddedChannel c2AtA = open(netA.sessions.get(), address("127.0.0.1", 50002));
            aDialsB.connected().complete(null);
            bDialsA.connected().complete(null);
            pump(c1AtA, c1AtB); // A's handshake reaches B, B answers on connection 1
            pump(c2AtB, c2AtA); // B's handshake reaches A, A answers on connection 2
            pump(c1AtB, c1AtA); // B's answer reaches A on connection 1
            pump(c2AtA, c2AtB); // A's answer reaches B on connection 2
            for (int i = 0; i < 3; i++) { // closes travel
                pump(c1AtA, c1AtB);
                pump(c1AtB, c1AtA);
                pump(c2AtA, c2AtB);
                pump(c2AtB, c2AtA);
            }
            boolean first = c1AtA.isOpen() && c1AtB.isOpen();
            boolean second = c2AtA.isOpen() && c2AtB.isOpen();
            assertTrue(first || second, "A and B dialed each other at once and closed both connections");
            assertFalse(first && second, "one of the two is a duplicate");
        }
    }

    /**
     * Accepted connections that have not named their torrent yet are bounded: a host that opens
     * many sockets and sends a few bytes holds at most that many. Loopback only.
     */
    @Test
    void pendingIncomingConnectionsAreBounded() throws Exception {
        SwarmOptions options = SwarmOptions.builder().peerId(peerId('A')).maxPendingIncoming(2)
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build();
        Swarm swarm = new Swarm(options, new TcpTransport(group, WireOptions.DEFAULT, Duration.ofSeconds(5), 2), group);
        List<java.net.Socket> sockets = new java.util.ArrayList<>();
        try (swarm) {
            swarm.start().join();
            Torrent t = new Torrent();
            swarm.register(t);
            byte[] start = new byte[47]; // a handshake up to just before the info-hash's last byte
            handshake(t.infoHash, peerId('X')).readBytes(start).release();
            try {
                for (int i = 0; i < 10; i++) {
                    java.net.Socket s = new java.net.Socket(swarm.localAddress().getAddress(), swarm.localAddress().getPort());
                    sockets.add(s);
                    s.getOutputStream().write(start);
                }
                int open = 0;
                for (java.net.Socket s : sockets) {
                    s.setSoTimeout(500);
                    try {
                        if (s.getInputStream().read() != -1) {
                            open++;
                        }
                    } catch (java.net.SocketTimeoutException stillOpen) {
                        open++;
                    } catch (java.io.IOException reset) {
                        // closed
                    }
                }
                assertEquals(2, open, "unidentified connections held with maxPendingIncoming=2");
            } finally {
                for (java.net.Socket s : sockets) {
                    s.close();
                }
            }
            // Their closes free the places: a real peer gets in again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try (java.net.Socket peer = new java.net.Socket(swarm.localAddress().getAddress(), swarm.localAddress().getPort())) {
                    peer.setSoTimeout(2_000);
                    byte[] full = new byte[68];
                    handshake(t.infoHash, peerId('P')).readBytes(full).release();
                    peer.getOutputStream().write(full);
                    if (peer.getInputStream().readNBytes(68).length == 68) {
                        break;
                    }
                } catch (java.io.IOException notYet) {
                    // refused while the closes are processed
                }
                assertTrue(System.nanoTime() < deadline, "no place came free after the pending sockets closed");
                Thread.sleep(50);
            }
        }
    }
}

package org.webtorrent4j.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;

/** The swarm over NIO sockets; {@link SwarmOverEpollTest} runs the same tests over native epoll. */
class SwarmTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, ioHandler());

    IoHandlerFactory ioHandler() {
        return NioIoHandler.newFactory();
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A torrent that records what happens to its connections. */
    private static final class RecordingTorrent implements SwarmTorrent {
        final byte[] infoHash;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final io.netty.channel.EventLoop loop;

        RecordingTorrent(int seed) {
            this(seed, null);
        }

        RecordingTorrent(int seed, io.netty.channel.EventLoop loop) {
            infoHash = new byte[20];
            infoHash[0] = (byte) seed;
            this.loop = loop;
        }

        @Override
        public io.netty.channel.EventLoop eventLoop() {
            return loop;
        }

        @Override
        public byte[] infoHash() {
            return infoHash;
        }

        @Override
        public WireListener onConnection(PeerLink link) {
            events.add((link.incoming() ? "in" : "out") + " connection"
                    + (loop != null && link.loop() == loop && loop.inEventLoop() ? " on the torrent's loop" : ""));
            return new WireListener() {
                @Override
                public void onHandshake(Wire wire, Handshake handshake) {
                    events.add("handshake " + handshake.peerId()[0]);
                }

                @Override
                public void onClose(Wire wire, CloseReason reason, Throwable cause) {
                    events.add("closed");
                }
            };
        }

        String next() throws InterruptedException {
            String e = events.poll(20, TimeUnit.SECONDS);
            if (e == null) {
                throw new AssertionError("no event within 20 s");
            }
            return e;
        }
    }

    private static byte[] peerId(int id) {
        byte[] peerId = new byte[20];
        peerId[0] = (byte) id;
        return peerId;
    }

    private Swarm swarm(int id, int maxPerTorrent) {
        byte[] peerId = peerId(id);
        SwarmOptions options = SwarmOptions.builder()
                .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .peerId(peerId)
                .maxPerTorrent(maxPerTorrent)
                .retryBackoff(Duration.ofMillis(100))
                .build();
        Swarm swarm = new Swarm(options,
                new TcpTransport(group, WireOptions.DEFAULT, Duration.ofSeconds(5), options.maxPendingIncoming()), group);
        swarm.start().join();
        return swarm;
    }

    @Test
    void routesIncomingConnectionsByInfoHash() throws Exception {
        try (Swarm a = swarm('A', 10); Swarm b = swarm('B', 10)) {
            RecordingTorrent atA = new RecordingTorrent(1);
            RecordingTorrent atB = new RecordingTorrent(1);
            RecordingTorrent otherAtB = new RecordingTorrent(2);
            a.register(atA);
            b.register(otherAtB);
            b.register(atB);
            a.addPeers(atA.infoHash, List.of(b.localAddress()));
            assertEquals("out connection", atA.next());
            assertEquals("handshake 66", atA.next());
            assertEquals("in connection", atB.next());
            assertEquals("handshake 65", atB.next());
            assertTrue(otherAtB.events.isEmpty());
            assertEquals(2, a.connectionCount() + b.connectionCount());
        }
    }

    /**
     * Incoming connections are accepted on any loop; each moves to its torrent's loop once the
     * info-hash is read (two connections: one of them surely lands elsewhere first).
     */
    @Test
    void incomingConnectionsMoveToTheirTorrentsLoop() throws Exception {
        try (Swarm server = swarm('S', 10); Swarm a = swarm('A', 10); Swarm b = swarm('B', 10)) {
            RecordingTorrent atServer = new RecordingTorrent(3, group.next().next());
            server.register(atServer);
            for (Swarm client : List.of(a, b)) {
                RecordingTorrent t = new RecordingTorrent(3);
                client.register(t);
                client.addPeers(t.infoHash, List.of(server.localAddress()));
            }
            List<String> events = List.of(atServer.next(), atServer.next(), atServer.next(), atServer.next());
            assertEquals(2, events.stream().filter(e -> e.equals("in connection on the torrent's loop")).count(), events::toString);
            assertEquals(2, events.stream().filter(e -> e.startsWith("handshake")).count(), events::toString);
        }
    }

    @Test
    void dropsConnectionsToOurselves() throws Exception {
        try (Swarm a = swarm('A', 10); Swarm sameId = swarm('A', 10)) {
            RecordingTorrent t = new RecordingTorrent(1);
            RecordingTorrent other = new RecordingTorrent(1);
            a.register(t);
            sameId.register(other);
            a.addPeers(t.infoHash, List.of(a.localAddress()));
            // Our own listening address is never dialed; a peer answering with our own peer id
            // (ourselves under another address) is dropped before its handshake is passed on.
            a.addPeers(t.infoHash, List.of(sameId.localAddress()));
            assertEquals("out connection", t.next());
            assertEquals("closed", t.next());
            assertEquals("in connection", other.next());
            assertEquals("closed", other.next());
        }
    }

    @Test
    void refusesUnknownTorrentsAndConnectionsOverTheLimit() throws Exception {
        try (Swarm a = swarm('A', 10); Swarm b = swarm('B', 0)) {
            RecordingTorrent atA = new RecordingTorrent(1);
            RecordingTorrent atB = new RecordingTorrent(1);
            a.register(atA);
            a.addPeers(atA.infoHash, List.of(b.localAddress()));
            assertEquals("out connection", atA.next());
            assertEquals("closed", atA.next(), "b serves no such torrent");
            b.register(atB);
            assertEquals("out connection", atA.next());
            assertEquals("closed", atA.next(), "b takes no connection for it");
            assertTrue(atB.events.isEmpty());
        }
    }

    @Test
    void refusesBannedAddresses() throws Exception {
        try (Swarm a = swarm('A', 10); Swarm b = swarm('B', 10)) {
            RecordingTorrent atA = new RecordingTorrent(1);
            RecordingTorrent atB = new RecordingTorrent(1);
            a.register(atA);
            b.register(atB);
            b.ban(InetAddress.getLoopbackAddress());
            a.addPeers(atA.infoHash, List.of(b.localAddress()));
            assertEquals("out connection", atA.next());
            assertEquals("closed", atA.next());
            assertTrue(atB.events.isEmpty());
        }
    }

    @Test
    void remembersABoundedNumberOfBans() throws Exception {
        try (Swarm a = swarm('A', 10)) {
            byte[] first = {10, 0, 0, 0};
            for (int i = 0; i <= Swarm.MAX_REMEMBERED; i++) {
                a.ban(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}));
            }
            assertFalse(a.isBanned(new InetSocketAddress(InetAddress.getByAddress(first), 6881)), "the eldest is forgotten");
            byte[] last = {10, 0, (byte) (Swarm.MAX_REMEMBERED >> 8), (byte) Swarm.MAX_REMEMBERED};
            assertTrue(a.isBanned(new InetSocketAddress(InetAddress.getByAddress(last), 6881)));
        }
    }
}

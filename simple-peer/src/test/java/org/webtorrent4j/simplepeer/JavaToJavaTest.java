package org.webtorrent4j.simplepeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.testkit.Interop;

/** Two Java peers in one JVM, signalling through an in-memory pipe, inside a WebRTC test namespace. */
@Tag("webrtc")
class JavaToJavaTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static WebRtcEngine engine;

    @BeforeAll
    static void engine() {
        Interop.assumeWebRtcNamespace();
        engine = new WebRtcEngine();
    }

    @AfterAll
    static void closeEngine() {
        if (engine != null) {
            engine.close();
            assertEquals(0, engine.livePeers());
        }
    }

    /** A connected initiator/answerer pair whose signals go straight to each other. */
    record Pair(Peer a, Probe probeA, Peer b, Probe probeB) implements AutoCloseable {
        static Pair connect(WebRtcEngine engine, PeerOptions options) throws Exception {
            return connect(engine, options, engine, options);
        }

        /** The initiator on {@code engineA}, the answerer on {@code engineB}. */
        static Pair connect(WebRtcEngine engineA, PeerOptions optionsA, WebRtcEngine engineB, PeerOptions optionsB)
                throws Exception {
            Probe pa = new Probe("initiator", 2);
            Probe pb = new Probe("answerer", 1);
            // Sinks first: with trickle the offer may be emitted before createPeer returns.
            // join() keeps the signals in order (they wait, in order, on the loop thread).
            CompletableFuture<Peer> fa = new CompletableFuture<>();
            CompletableFuture<Peer> fb = new CompletableFuture<>();
            pa.signalSink = s -> fb.join().signal(s);
            pb.signalSink = s -> fa.join().signal(s);
            Peer b = engineB.createPeer(false, optionsB, pb);
            fb.complete(b);
            Peer a = engineA.createPeer(true, optionsA, pa);
            fa.complete(a);
            pa.connected.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            pb.connected.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Pair(a, pa, b, pb);
        }

        @Override
        public void close() {
            a.close();
            b.close();
            a.closeFuture().orTimeout(30, TimeUnit.SECONDS).join();
            b.closeFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    @Test
    void moves64MiBBothWaysByteExactWithBackPressure() throws Exception {
        long total = 64L * 1024 * 1024;
        try (Pair p = Pair.connect(engine, PeerOptions.defaults())) {
            CompletableFuture<Void> ab = Transfers.sendPatternAsync(p.a(), 1, total);
            CompletableFuture<Void> ba = Transfers.sendPatternAsync(p.b(), 2, total);
            ab.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            ba.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            p.probeB().awaitBytes(total, TIMEOUT);
            p.probeA().awaitBytes(total, TIMEOUT);
            assertEquals(total, p.probeB().received());
            assertEquals(total, p.probeA().received());
            assertEquals(-1, p.probeB().firstMismatch(), "first wrong byte at B");
            assertEquals(-1, p.probeA().firstMismatch(), "first wrong byte at A");
            // Chunked at 16 KiB, and the channel survived 64 MiB offered far faster than it drains:
            // without back-pressure libwebrtc would have closed it.
            assertTrue(p.probeB().messageSizes.stream().allMatch(n -> n <= PeerOptions.DEFAULT_CHUNK_SIZE));
            assertTrue(p.probeA().errors.isEmpty() && p.probeB().errors.isEmpty());
            assertEquals(0, p.a().queuedBytes());
        }
    }

    @Test
    void signallingThroughAWebSocketRelayThen64MiBBothWays() throws Exception {
        long total = 64L * 1024 * 1024;
        try (Relay relay = new Relay(InetAddress.getLoopbackAddress())) {
            Probe pa = new Probe("initiator", 2);
            Probe pb = new Probe("answerer", 1);
            CompletableFuture<Peer> fa = new CompletableFuture<>();
            CompletableFuture<Peer> fb = new CompletableFuture<>();
            try (RelayClient ca = RelayClient.connect(relay.ws("room"), t -> fa.join().signal(decode(t)));
                    RelayClient cb = RelayClient.connect(relay.ws("room"), t -> fb.join().signal(decode(t)))) {
                pa.signalSink = s -> ca.send(SignalJson.encode(s));
                pb.signalSink = s -> cb.send(SignalJson.encode(s));
                Peer a = engine.createPeer(true, PeerOptions.defaults(), pa);
                Peer b = engine.createPeer(false, PeerOptions.defaults(), pb);
                fa.complete(a);
                fb.complete(b);
                try (Pair p = new Pair(a, pa, b, pb)) {
                    pa.connected.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    pb.connected.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    CompletableFuture<Void> ab = Transfers.sendPatternAsync(a, 1, total);
                    CompletableFuture<Void> ba = Transfers.sendPatternAsync(b, 2, total);
                    ab.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    ba.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    pb.awaitBytes(total, TIMEOUT);
                    pa.awaitBytes(total, TIMEOUT);
                    assertEquals(-1, pb.firstMismatch());
                    assertEquals(-1, pa.firstMismatch());
                    assertEquals(total, pa.received());
                    assertEquals(total, pb.received());
                }
            }
        }
    }

    private static Signal decode(String json) {
        try {
            return SignalJson.decode(SignalJson.JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void trickleIceConnects() throws Exception {
        try (Pair p = Pair.connect(engine, PeerOptions.builder().trickle(true).build())) {
            p.a().send(Pattern.bytes(1, 0, 100_000)).get(30, TimeUnit.SECONDS);
            p.probeB().awaitBytes(100_000, TIMEOUT);
            assertEquals(-1, p.probeB().firstMismatch());
        }
    }

    @Test
    void aMessageOfExactly262144BytesArrivesWhole() throws Exception {
        PeerOptions max = PeerOptions.builder().chunkSize(PeerOptions.MAX_MESSAGE_SIZE).build();
        try (Pair p = Pair.connect(engine, max)) {
            p.a().send(Pattern.bytes(1, 0, 262_144)).get(30, TimeUnit.SECONDS);
            p.probeB().awaitBytes(262_144, TIMEOUT);
            assertEquals(java.util.List.of(262_144), p.probeB().messageSizes);
            assertEquals(-1, p.probeB().firstMismatch());
            // The channel is still open and usable after the largest message libwebrtc allows.
            p.a().send(Pattern.bytes(1, 262_144, 1000)).get(30, TimeUnit.SECONDS);
            p.probeB().awaitBytes(262_144 + 1000, TIMEOUT);
            assertTrue(p.probeB().errors.isEmpty() && !p.probeB().closed.isDone());
        }
    }

    @Test
    void theSame262144BytesAtTheDefaultChunkSizeArriveIn16KiBMessages() throws Exception {
        try (Pair p = Pair.connect(engine, PeerOptions.defaults())) {
            p.a().send(Pattern.bytes(1, 0, 262_144)).get(30, TimeUnit.SECONDS);
            p.probeB().awaitBytes(262_144, TIMEOUT);
            assertEquals(16, p.probeB().messageSizes.size());
            assertEquals(-1, p.probeB().firstMismatch());
        }
    }

    @Test
    void closingTheSenderMidTransferFailsQueuedSendsAndTheReceiverSeesAPrefixThenClose() throws Exception {
        long total = 32L * 1024 * 1024;
        Pair p = Pair.connect(engine, PeerOptions.builder().maxQueuedBytes(total).build());
        CompletableFuture<Void> all = p.a().send(Pattern.bytes(1, 0, (int) total));
        p.probeB().awaitBytes(1024 * 1024, TIMEOUT);
        p.a().close();
        ExecutionException failed = assertThrows(ExecutionException.class, () -> all.get(30, TimeUnit.SECONDS));
        assertInstanceOf(PeerClosedException.class, failed.getCause());
        p.probeA().closed.get(30, TimeUnit.SECONDS);
        p.probeB().closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertTrue(p.probeB().received() < total, "the close cut the transfer");
        assertEquals(-1, p.probeB().firstMismatch(), "what arrived is an exact prefix");
        assertTrue(p.probeA().errors.isEmpty() && p.probeB().errors.isEmpty());
        assertEquals(0, p.a().queuedBytes());
        // Sending after close fails at once.
        ExecutionException late = assertThrows(ExecutionException.class,
                () -> p.a().send(new byte[1]).get(30, TimeUnit.SECONDS));
        assertInstanceOf(PeerClosedException.class, late.getCause());
        p.b().closeFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void closingTheReceiverMidTransferClosesTheSender() throws Exception {
        long total = 32L * 1024 * 1024;
        Pair p = Pair.connect(engine, PeerOptions.builder().maxQueuedBytes(total).build());
        CompletableFuture<Void> all = p.a().send(Pattern.bytes(1, 0, (int) total));
        p.probeB().awaitBytes(1024 * 1024, TIMEOUT);
        p.b().close();
        p.probeA().closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> all.get(30, TimeUnit.SECONDS));
        assertInstanceOf(PeerClosedException.class, failed.getCause());
        assertEquals(-1, p.probeB().firstMismatch());
        assertTrue(!p.probeB().dataAfterClose(), "no data event after close");
    }

    @Test
    void aPeerThatIsNeverAnsweredFailsAtItsConnectTimeout() throws Exception {
        Probe probe = new Probe("initiator", 0);
        Peer a = engine.createPeer(true, PeerOptions.builder().connectTimeout(Duration.ofSeconds(1)).build(), probe);
        probe.closed.get(60, TimeUnit.SECONDS);
        assertEquals(1, probe.errors.size());
        assertTrue(probe.errors.get(0).getMessage().contains("not connected within"), probe.errors.toString());
        a.closeFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void sendRefusesMoreThanMaxQueuedBytesAtOnce() throws Exception {
        Probe probe = new Probe("answerer", 0);
        Peer b = engine.createPeer(false, PeerOptions.builder().maxQueuedBytes(1000).build(), probe);
        CompletableFuture<Void> fits = b.send(new byte[1000]);
        ExecutionException full = assertThrows(ExecutionException.class, () -> b.send(new byte[1]).get(30, TimeUnit.SECONDS));
        assertTrue(full.getCause().getMessage().contains("maxQueuedBytes"), full.getCause().getMessage());
        assertEquals(1000, b.queuedBytes());
        b.close();
        ExecutionException closed = assertThrows(ExecutionException.class, () -> fits.get(30, TimeUnit.SECONDS));
        assertInstanceOf(PeerClosedException.class, closed.getCause());
        assertEquals(0, b.queuedBytes());
    }

    @Test
    void anInitiatorRefusesAnOfferWithATypedError() throws Exception {
        Probe probe = new Probe("initiator", 0);
        Peer a = engine.createPeer(true, PeerOptions.defaults(), probe);
        a.signal(Signal.offer("v=0\r\n"));
        probe.closed.get(30, TimeUnit.SECONDS);
        assertEquals(1, probe.errors.size());
        assertInstanceOf(InvalidSignalException.class, probe.errors.get(0));
    }

    /** libwebrtc delivers without waiting for the receiver's loop: past a bound, the peer fails. */
    @Test
    void aReceiverWhoseLoopFallsBehindFailsInsteadOfPilingUpCopies() throws Exception {
        WebRtcEngine slow = new WebRtcEngine();
        try (Pair p = Pair.connect(engine, PeerOptions.defaults(), slow, PeerOptions.builder().maxUndeliveredBytes(1024 * 1024).build())) {
            java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
            slow.execute(() -> {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Transfers.sendPatternAsync(p.a(), 1, 8L * 1024 * 1024).exceptionally(e -> null).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            hold.countDown();
            p.probeB().closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, p.probeB().errors.size(), p.probeB().errors.toString());
            assertTrue(p.probeB().errors.get(0).getMessage().contains("falls behind"), p.probeB().errors.get(0).getMessage());
        } finally {
            slow.close();
        }
    }

    /** libwebrtc would keep every remote candidate and check each address: their number is bounded. */
    @Test
    void tooManyRemoteCandidatesFailThePeer() throws Exception {
        Probe probe = new Probe("answerer", 0);
        Peer b = engine.createPeer(false, PeerOptions.builder().maxRemoteCandidates(3).build(), probe);
        for (int i = 1; i <= 4; i++) {
            b.signal(Signal.candidate("candidate:" + i + " 1 udp 1 10.0.0." + i + " 9 typ host", "0", 0));
        }
        probe.closed.get(30, TimeUnit.SECONDS);
        assertEquals(1, probe.errors.size(), probe.errors.toString());
        assertTrue(probe.errors.get(0).getMessage().contains("more than 3 remote candidates"), probe.errors.get(0).getMessage());
    }

    @Test
    void garbageSdpFailsThePeerWithoutCrashing() throws Exception {
        Probe probe = new Probe("answerer", 0);
        Peer b = engine.createPeer(false, PeerOptions.defaults(), probe);
        b.signal(Signal.offer("this is not sdp"));
        probe.closed.get(30, TimeUnit.SECONDS);
        assertEquals(1, probe.errors.size(), probe.errors.toString());
    }

    @Test
    void anEngineRunsManyConnectionsOneAfterAnotherAndFreesEveryOne() throws Exception {
        try (WebRtcEngine own = new WebRtcEngine()) {
            for (int i = 0; i < 5; i++) {
                try (Pair p = Pair.connect(own, PeerOptions.defaults())) {
                    p.a().send(Pattern.bytes(1, 0, 1000)).get(30, TimeUnit.SECONDS);
                    p.probeB().awaitBytes(1000, TIMEOUT);
                }
            }
            assertEquals(10, own.peersCreated());
            assertEquals(0, own.livePeers());
            // Each closed peer dropped the last reference to its native connection: none leaked.
            assertEquals(10, own.connectionsFreed());
        }
    }

    @Test
    void aFactoryThatServedEnoughPeersIsReplacedAndDisposedWhenItsLastPeerCloses() throws Exception {
        try (WebRtcEngine own = new WebRtcEngine(2, Long.MAX_VALUE)) {
            Pair first = Pair.connect(own, PeerOptions.defaults()); // two peers: its factory is retired
            try (Pair second = Pair.connect(own, PeerOptions.defaults())) {
                assertEquals(0, own.factoriesDisposed(), "the first pair still uses the first factory");
                first.close();
                assertEquals(1, own.factoriesDisposed());
                second.a().send(Pattern.bytes(1, 0, 1000)).get(30, TimeUnit.SECONDS);
                second.probeB().awaitBytes(1000, TIMEOUT);
                assertEquals(-1, second.probeB().firstMismatch());
            }
            assertEquals(2, own.factoriesDisposed());
        }
    }

    @Test
    void aFactoryWhosePeersReceivedEnoughMessagesIsReplaced() throws Exception {
        try (WebRtcEngine own = new WebRtcEngine(1000, 10)) {
            try (Pair p = Pair.connect(own, PeerOptions.defaults())) {
                for (int i = 0; i < 20; i++) { // one message each
                    p.a().send(Pattern.bytes(1, i * 100L, 100)).get(30, TimeUnit.SECONDS);
                }
                p.probeB().awaitBytes(2000, TIMEOUT);
                assertEquals(0, own.factoriesDisposed(), "retired, but its peers still live");
            }
            assertEquals(1, own.factoriesDisposed());
            try (Pair next = Pair.connect(own, PeerOptions.defaults())) {
                next.a().send(Pattern.bytes(1, 0, 1000)).get(30, TimeUnit.SECONDS);
                next.probeB().awaitBytes(1000, TIMEOUT);
            }
        }
    }
}

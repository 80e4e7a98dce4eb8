package org.webtorrent4j.tracker.client;

import static org.junit.jupiter.api.Assertions.assertThrows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.server.TrackerServer;
import org.webtorrent4j.tracker.server.TrackerServerOptions;
import org.webtorrent4j.tracker.ws.WsMessage;
import org.webtorrent4j.tracker.ws.WsMessageCodec;

/** Our client against our server, over HTTP, UDP and WebSocket, in one JVM. */
class ClientServerTest {
    static TrackerServer server;
    static TrackerRuntime runtime;

    @BeforeAll
    static void startServer() {
        server = TrackerServer.start(TrackerServerOptions.builder()
                .allowInfoHash(h -> h.byteAt(0) != (byte) 0xee).build());
        runtime = new TrackerRuntime();
    }

    @AfterAll
    static void stopServer() {
        runtime.close();
        server.close();
    }

    static String url(String protocol) {
        return switch (protocol) {
            case "http" -> server.httpAnnounceUrl();
            case "udp" -> server.udpAnnounceUrl();
            default -> server.wsAnnounceUrl();
        };
    }

    static TrackerClient client(Id20 infoHash, String url, int port, long left, TrackerListener listener) {
        return TrackerClient.create(TrackerClientOptions.builder(infoHash).port(port).tier(url).runtime(runtime)
                .stats(() -> new TransferStats(0, 0, left)).listener(listener).requestTimeout(Duration.ofSeconds(20))
                .udpRetransmitBase(Duration.ofSeconds(2)).build());
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "udp"})
    void twoPeersFindEachOtherThenStop(String protocol) throws Exception {
        Id20 hash = allowedHash();
        AtomicLong left = new AtomicLong(100);
        try (TrackerClient seeder = client(hash, url(protocol), 7001, 0, new RecordingListener());
                TrackerClient leecher = TrackerClient.create(TrackerClientOptions.builder(hash).port(7002)
                        .tier(url(protocol)).runtime(runtime).stats(() -> new TransferStats(0, 100, left.get())).build())) {
            AnnounceResponse first = get(seeder.announce(AnnounceEvent.STARTED));
            assertEquals(List.of(), first.peers());
            assertEquals(1, first.complete());
            AnnounceResponse second = get(leecher.announce(AnnounceEvent.STARTED));
            assertEquals(List.of(new TrackerPeer(new InetSocketAddress("127.0.0.1", 7001), null)), second.peers());
            assertEquals(1, second.complete());
            assertEquals(1, second.incomplete());
            assertEquals(600, second.interval());

            ScrapeResponse scrape = get(leecher.scrape());
            assertEquals(new ScrapeStats(1, 0, 1), scrape.files().get(hash));

            left.set(0);
            get(leecher.complete());
            assertEquals(new ScrapeStats(2, 1, 0), get(seeder.scrape()).files().get(hash));

            get(seeder.stop());
            AnnounceResponse after = get(leecher.announce(AnnounceEvent.NONE));
            assertEquals(List.of(), after.peers());
            assertEquals(1, after.complete());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "udp", "ws"})
    void allowListRefusals(String protocol) {
        Id20 refused = Id20.fromHex("ee" + "00".repeat(19));
        try (TrackerClient c = client(refused, url(protocol), 7003, 1, new RecordingListener())) {
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> get(c.announce(AnnounceEvent.STARTED)));
            TrackerFailureException f = assertInstanceOf(TrackerFailureException.class, e.getCause().getCause());
            assertEquals("info_hash not allowed", f.reason());
        }
    }

    /** A random info-hash the test server's allow-list accepts (it refuses those starting with 0xee). */
    private static Id20 allowedHash() {
        byte[] b = Id20.random().toBytes();
        b[0] = 0x01;
        return Id20.of(b);
    }

    /** An announce always settles: a URL with no usable host, or stats that throw, fail it or move on. */
    @ParameterizedTest
    @ValueSource(strings = {"http://tracker_1.invalid:80/announce", "udp://tracker_1.invalid:80", "ws://tracker_1.invalid:80"})
    void anUnusableTrackerIsSkippedNotHungOn(String unusable) throws Exception {
        try (TrackerClient alone = TrackerClient.create(TrackerClientOptions.builder(allowedHash()).port(7005)
                .tier(unusable).runtime(runtime).build())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> alone.announce(AnnounceEvent.STARTED).get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("without a host name"), e.getCause().getMessage());
        }
        try (TrackerClient withGood = TrackerClient.create(TrackerClientOptions.builder(allowedHash()).port(7005)
                .tier(unusable, url("http")).runtime(runtime).build())) {
            assertEquals(600, get(withGood.announce(AnnounceEvent.STARTED)).interval(), "the next tracker of the tier answers");
        }
        try (TrackerClient broken = TrackerClient.create(TrackerClientOptions.builder(allowedHash()).port(7005)
                .tier(url("http")).runtime(runtime).stats(() -> {
                    throw new IllegalStateException("no stats");
                }).build())) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> broken.announce(AnnounceEvent.STARTED).get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("no stats"), e.getCause().getMessage());
        }
    }

    @Test
    void closingTwiceIsQuietAndClosingFromAListenerDoesNotWaitOnItself() throws Exception {
        CompletableFuture<Void> closedInCallback = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicReference<TrackerClient> self = new java.util.concurrent.atomic.AtomicReference<>();
        TrackerClient client = TrackerClient.create(TrackerClientOptions.builder(allowedHash()).port(7003).tier(url("http"))
                .stats(() -> new TransferStats(0, 0, 0)).listener(new TrackerListener() {
                    @Override
                    public void onAnnounce(java.net.URI tracker, AnnounceResponse response) {
                        try {
                            self.get().close(); // on the client's own loop, which it owns
                            closedInCallback.complete(null);
                        } catch (RuntimeException e) {
                            closedInCallback.completeExceptionally(e);
                        }
                    }
                }).build());
        self.set(client);
        get(client.announce(AnnounceEvent.STARTED));
        get(closedInCallback);
        client.close();
        client.close();

        try (TrackerClient other = TrackerClient.create(TrackerClientOptions.builder(allowedHash()).port(7004)
                .tier(url("udp")).stats(() -> new TransferStats(0, 0, 0)).build())) {
            get(other.announce(AnnounceEvent.STARTED));
            other.close(); // and again by try-with-resources
        }
    }

    @Test
    void webSocketRelaysOffersAndAnswers() throws Exception {
        Id20 hash = allowedHash();
        RecordingListener aEvents = new RecordingListener();
        RecordingListener bEvents = new RecordingListener();
        JsonNode fakeOffer = WsMessageCodec.json("{\"type\":\"offer\",\"sdp\":\"v=0 fake offer\"}");
        JsonNode fakeAnswer = WsMessageCodec.json("{\"type\":\"answer\",\"sdp\":\"v=0 fake answer\"}");
        Id20 offerId = Id20.random();
        OfferFactory offers = n -> CompletableFuture.completedFuture(List.of(new WsMessage.Offer(offerId, fakeOffer)));
        // Two peers of one torrent need two runtimes, as two browsers: a pooled socket carries one peer per torrent.
        try (TrackerRuntime other = new TrackerRuntime();
                TrackerClient a = client(hash, url("ws"), 0, 0, aEvents);
                TrackerClient b = TrackerClient.create(TrackerClientOptions.builder(hash).tier(url("ws")).runtime(other)
                        .listener(bEvents).offers(offers).build())) {
            AnnounceResponse ra = get(a.announce(AnnounceEvent.STARTED));
            assertEquals(120, ra.interval());
            AnnounceResponse rb = get(b.announce(AnnounceEvent.STARTED));
            assertEquals(1, rb.complete());
            assertEquals(1, rb.incomplete());

            WsMessage.RelayedOffer offer = RecordingListener.take(aEvents.offers);
            assertEquals(b.options().peerId(), offer.peerId());
            assertEquals(offerId, offer.offerId());
            assertEquals(fakeOffer, offer.offer());
            a.answer(RecordingListener.take(aEvents.offerTrackers), offer, fakeAnswer);

            WsMessage.RelayedAnswer answer = RecordingListener.take(bEvents.answers);
            assertEquals(a.options().peerId(), answer.peerId());
            assertEquals(offerId, answer.offerId());
            assertEquals(fakeAnswer, answer.answer());

            assertEquals(new ScrapeStats(1, 0, 1), get(b.scrape()).files().get(hash));
        }
    }

    @Test
    void webSocketSocketIsPooledPerUrl() throws Exception {
        Id20 h1 = allowedHash();
        Id20 h2 = allowedHash();
        try (TrackerClient a = client(h1, url("ws"), 0, 0, new RecordingListener());
                TrackerClient b = client(h2, url("ws"), 0, 0, new RecordingListener())) {
            get(a.announce(AnnounceEvent.STARTED));
            get(b.announce(AnnounceEvent.STARTED));
            assertEquals(1, runtime.openSockets());
        }
    }

    /**
     * An HTTP tracker that moved: redirects (301, 302, relative or absolute Location) are
     * followed with the query kept; a redirect loop ends in an error after a few hops.
     */
    @Test
    void httpRedirectsAreFollowedAndLoopsEnd() throws Exception {
        com.sun.net.httpserver.HttpServer moved = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        String tracker = server.httpAnnounceUrl();
        java.util.concurrent.atomic.AtomicInteger hops = new java.util.concurrent.atomic.AtomicInteger();
        moved.createContext("/", exchange -> {
            hops.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            String location = switch (path) {
                case "/old" -> "/older?" + query;
                case "/loop" -> "/loop?" + query;
                default -> tracker + "?" + query;
            };
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(path.equals("/old") ? 301 : 302, -1);
            exchange.close();
        });
        moved.start();
        String base = "http://127.0.0.1:" + moved.getAddress().getPort();
        try {
            Id20 hash = allowedHash();
            try (TrackerClient a = client(hash, base + "/old", 7401, 0, new RecordingListener())) {
                AnnounceResponse r = get(a.announce(AnnounceEvent.STARTED));
                assertEquals(1, r.complete(), "the announce reached the tracker, with its query");
                assertEquals(2, hops.get());
            }
            try (TrackerClient b = client(allowedHash(), base + "/loop", 7402, 0, new RecordingListener())) {
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> get(b.announce(AnnounceEvent.STARTED)));
                assertTrue(String.valueOf(e.getCause().getMessage()).contains("redirected more than"), e.toString());
            }
        } finally {
            moved.stop(0);
        }
    }

    /** Over IPv6 the UDP answer carries 18-byte peers, and HTTP puts them in peers6. */
    @ParameterizedTest
    @ValueSource(strings = {"http", "udp"})
    void ipv6(String protocol) throws Exception {
        try (TrackerServer v6 = TrackerServer.start(TrackerServerOptions.builder().host("::1").wsPort(-1).build())) {
            String url = protocol.equals("udp") ? v6.udpAnnounceUrl() : v6.httpAnnounceUrl();
            assertTrue(url.contains("[::1]"), url);
            Id20 hash = allowedHash();
            try (TrackerClient a = client(hash, url, 7301, 0, new RecordingListener());
                    TrackerClient b = client(hash, url, 7302, 10, new RecordingListener())) {
                get(a.announce(AnnounceEvent.STARTED));
                AnnounceResponse r = get(b.announce(AnnounceEvent.STARTED));
                assertEquals(List.of(new TrackerPeer(new InetSocketAddress("::1", 7301), null)), r.peers());
            }
            assertEquals(2, get(v6.stats()).peersIPv6());
        }
    }

    @Test
    void regularReannouncesFollowTheInterval() throws Exception {
        try (TrackerServer fast = TrackerServer.start(TrackerServerOptions.builder().interval(Duration.ofSeconds(1))
                .minInterval(Duration.ofSeconds(1)).build())) {
            RecordingListener events = new RecordingListener();
            try (TrackerClient c = client(allowedHash(), fast.udpAnnounceUrl(), 7010, 5, events)) {
                get(c.start());
                for (int i = 0; i < 3; i++) {
                    RecordingListener.take(events.announces);
                }
                get(c.stop());
            }
            assertEquals(0, get(fast.stats()).peers());
        }
    }
}

package org.webtorrent4j.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.http.HttpAnnounceQuery;
import org.webtorrent4j.tracker.http.HttpTrackerResponses;
import org.webtorrent4j.tracker.udp.UdpPacket;
import org.webtorrent4j.tracker.udp.UdpTrackerCodec;
import org.webtorrent4j.tracker.ws.WsMessage;
import org.webtorrent4j.tracker.ws.WsMessageCodec;

/** Malformed, truncated and oversized requests get an error or are dropped; the server keeps serving. */
class BadInputTest {
    static TrackerServer server;
    static HttpClient http;

    @BeforeAll
    static void start() {
        server = TrackerServer.start(TrackerServerOptions.builder().maxPeersPerSwarm(2).maxSwarms(3).build());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET written by hand, so malformed escapes reach the server. Returns the body. */
    static byte[] rawGet(String target) throws IOException {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.httpPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int body = text.indexOf("\r\n\r\n");
            return java.util.Arrays.copyOfRange(all, body + 4, all.length);
        }
    }

    static String validQuery(Id20 hash, int port) {
        return HttpAnnounceQuery.encode(new AnnounceRequest(hash, Id20.randomPeerId(), port, 0, 0, 10, AnnounceEvent.STARTED,
                -1, 0, null, null));
    }

    @Test
    void httpBadQueriesGetFailureReasons() throws Exception {
        Id20 hash = Id20.random();
        for (String q : List.of("", "info_hash=abc&peer_id=abc&port=1", validQuery(hash, 1).replace("port=1", "port=99999"),
                validQuery(hash, 1) + "&event=%zz", validQuery(hash, 1).replace("info_hash=", "info_hash=%00"))) {
            TrackerFailureException e = assertThrows(TrackerFailureException.class,
                    () -> HttpTrackerResponses.decodeAnnounce(rawGet("/announce?" + q)), q);
            assertTrue(!e.reason().isEmpty());
        }
        assertEquals(404, get("/nothing").statusCode());
        assertTrue(get("/announce?" + validQuery(hash, 1) + "&pad=" + "x".repeat(20_000)).statusCode() >= 400);
        // still serving
        assertEquals(1, HttpTrackerResponses.decodeAnnounce(get("/announce?" + validQuery(hash, 2)).body()).incomplete());
    }

    @Test
    void httpDictionaryPeersAndStats() throws Exception {
        Id20 hash = Id20.random();
        get("/announce?" + validQuery(hash, 1001));
        var r = HttpTrackerResponses.decodeAnnounce(get("/announce?" + validQuery(hash, 1002) + "&compact=0").body());
        assertEquals(1, r.peers().size());
        assertEquals(1001, r.peers().get(0).address().getPort());
        assertTrue(r.peers().get(0).peerId() != null);
        String json = new String(get("/stats.json").body(), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"torrents\":"), json);
        String html = new String(get("/stats").body(), StandardCharsets.UTF_8);
        assertTrue(html.contains("<table>"), html);
    }

    @Test
    void capsOnPeersAndSwarms() throws Exception {
        try (TrackerServer small = TrackerServer.start(TrackerServerOptions.builder().maxPeersPerSwarm(2).maxSwarms(1)
                .udpPort(-1).wsPort(-1).build())) {
            Id20 hash = Id20.random();
            for (int port = 1; port <= 3; port++) {
                HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(small.httpAnnounceUrl() + "?"
                        + validQuery(hash, port))).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(Math.min(port - 1, 2), HttpTrackerResponses.decodeAnnounce(res.body()).peers().size());
            }
            assertEquals(2, small.stats().get(10, TimeUnit.SECONDS).peers());
            HttpResponse<byte[]> full = http.send(HttpRequest.newBuilder(URI.create(small.httpAnnounceUrl() + "?"
                    + validQuery(Id20.random(), 1))).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals("tracker is full", assertThrows(TrackerFailureException.class,
                    () -> HttpTrackerResponses.decodeAnnounce(full.body())).reason());
        }
    }

    @Test
    void peersExpire() throws Exception {
        try (TrackerServer quick = TrackerServer.start(TrackerServerOptions.builder().peerTimeout(Duration.ofMillis(200))
                .udpPort(-1).wsPort(-1).build())) {
            http.send(HttpRequest.newBuilder(URI.create(quick.httpAnnounceUrl() + "?" + validQuery(Id20.random(), 1))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (quick.stats().get(10, TimeUnit.SECONDS).peers() > 0) {
                assertTrue(System.nanoTime() < deadline, "peer not expired within 30 s");
                Thread.sleep(50);
            }
            assertEquals(0, quick.stats().get(10, TimeUnit.SECONDS).torrents());
        }
    }

    @Test
    void udpGarbageAndSpoofedConnectionIdsAreDropped() throws Exception {
        InetSocketAddress tracker = new InetSocketAddress("127.0.0.1", server.udpPort());
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(300);
            Id20 hash = Id20.random();
            AnnounceRequest r = new AnnounceRequest(hash, Id20.randomPeerId(), 5, 0, 0, 1, AnnounceEvent.STARTED, -1, 0, null, null);
            byte[] announce = UdpTrackerCodec.encodeAnnounce(12345, 7, r); // a connection id never issued
            for (byte[] bad : List.of(new byte[0], new byte[15], java.util.Arrays.copyOf(announce, 60), announce,
                    new byte[3000], UdpTrackerCodec.encodeScrape(999, 1, List.of(hash)))) {
                s.send(new DatagramPacket(bad, bad.length, tracker));
                assertThrows(SocketTimeoutException.class, () -> s.receive(new DatagramPacket(new byte[2048], 2048)));
            }
            s.setSoTimeout(10_000);
            // a real exchange still works
            byte[] connect = UdpTrackerCodec.encodeConnect(1);
            s.send(new DatagramPacket(connect, connect.length, tracker));
            UdpPacket.ConnectResponse c = assertInstanceOf(UdpPacket.ConnectResponse.class, receive(s));
            byte[] good = UdpTrackerCodec.encodeAnnounce(c.connectionId(), 2, r);
            s.send(new DatagramPacket(good, good.length, tracker));
            UdpPacket.AnnounceReply reply = assertInstanceOf(UdpPacket.AnnounceReply.class, receive(s));
            assertEquals(2, reply.transactionId());
            assertEquals(1, reply.response().incomplete());
            // A scrape that names a torrent twice gets a figure per position, as BEP 15 replies are read.
            byte[] scrape = UdpTrackerCodec.encodeScrape(c.connectionId(), 3, List.of(hash, hash, Id20.random()));
            s.send(new DatagramPacket(scrape, scrape.length, tracker));
            UdpPacket.ScrapeReply scraped = assertInstanceOf(UdpPacket.ScrapeReply.class, receive(s));
            assertEquals(List.of(1L, 1L, 0L), scraped.stats().stream().map(st -> st.incomplete()).toList());
        }
    }

    static UdpPacket receive(DatagramSocket s) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return UdpTrackerCodec.decodeReply(ByteBuffer.wrap(p.getData(), 0, p.getLength()), false);
    }

    @Test
    void webSocketBadFramesGetFailuresAndOversizedOnesClose() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.wsAnnounceUrl()), listener).get(20, TimeUnit.SECONDS);
        for (String bad : List.of("not json", "{}", "{\"action\":\"announce\",\"info_hash\":\"short\",\"peer_id\":\"x\"}",
                "{\"action\":\"announce\",\"info_hash\":\"abcdefghijklmnopqrst\",\"peer_id\":\"abcdefghijklmnopqrs\"}")) {
            ws.sendText(bad, true).get(10, TimeUnit.SECONDS);
            WsMessage reply = WsMessageCodec.parseReply(received.poll(20, TimeUnit.SECONDS));
            assertInstanceOf(WsMessage.Failure.class, reply, bad);
        }
        Id20 hash = Id20.random();
        ws.sendText(WsMessageCodec.write(new WsMessage.Announce(hash, Id20.randomPeerId(), 0, 0, 0, AnnounceEvent.STARTED, 0,
                List.of(), null, null, null, null)), true).get(10, TimeUnit.SECONDS);
        WsMessage.AnnounceReply ok = assertInstanceOf(WsMessage.AnnounceReply.class,
                WsMessageCodec.parseReply(received.poll(20, TimeUnit.SECONDS)));
        assertEquals(1, ok.complete());
        ws.sendText("{\"x\":\"" + "a".repeat(300_000) + "\"}", true);
        assertTrue(closed.get(20, TimeUnit.SECONDS) != 0);
        // the WebSocket peer left with its socket
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.stats().get(10, TimeUnit.SECONDS).peersWebSocket() > 0) {
            assertTrue(System.nanoTime() < deadline);
            Thread.sleep(20);
        }
    }
}

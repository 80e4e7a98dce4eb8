package org.webtorrent4j.tracker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.tracker.Id20;

/**
 * BEP 3 events are facts a tracker must hear: a tracker that was unreachable when the event
 * happened hears it on the next announce that reaches it, and a tracker first reached on a
 * re-announce (another tier's tracker failed) hears started first.
 */
class AnnounceEventDeliveryTest {
    /** A loopback HTTP tracker that records each announce's event and answers 503 while down. */
    private static final class Recording implements AutoCloseable {
        final HttpServer server;
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        volatile boolean down;

        Recording(int interval) throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/announce", exchange -> {
                String event = "";
                for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                    if (pair.startsWith("event=")) {
                        event = pair.substring(6);
                    }
                }
                if (down) {
                    exchange.sendResponseHeaders(503, -1);
                } else {
                    events.add(event.isEmpty() ? "none" : event);
                    byte[] body = Bencode.encode(Map.of("interval", (long) interval, "peers", new byte[0]));
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/announce";
        }

        String next() throws InterruptedException {
            String e = events.poll(30, TimeUnit.SECONDS);
            assertNotNull(e, "no announce reached " + url() + " within 30 s");
            return e;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private TrackerRuntime runtime = new TrackerRuntime();

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    private TrackerClient client(TrackerClientOptions.Builder b) {
        return TrackerClient.create(b.port(6881).runtime(runtime).retryMin(Duration.ofMillis(200))
                .stats(() -> new TransferStats(0, 0, 100)).requestTimeout(Duration.ofSeconds(20)).build());
    }

    private static Id20 hash() {
        byte[] h = new byte[20];
        h[0] = 1;
        return Id20.of(h);
    }

    private static void settle(CompletableFuture<?> f) {
        f.handle((r, e) -> null).orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** The tracker is down when the torrent starts: its first successful announce must still say started. */
    @Test
    void startedIsRepeatedUntilATrackerHearsIt() throws Exception {
        try (Recording tracker = new Recording(1800)) {
            tracker.down = true;
            try (TrackerClient c = client(TrackerClientOptions.builder(hash()).tier(tracker.url()))) {
                settle(c.start());
                tracker.down = false; // the retry (after retryMin) reaches it
                assertEquals("started", tracker.next(), "the first announce the tracker received");
            }
        }
    }

    /** The tracker is down when the download completes: it must hear completed once it is back. */
    @Test
    void completedIsRepeatedUntilATrackerHearsIt() throws Exception {
        try (Recording tracker = new Recording(1800)) {
            try (TrackerClient c = client(TrackerClientOptions.builder(hash()).tier(tracker.url()))) {
                settle(c.start());
                assertEquals("started", tracker.next());
                tracker.down = true;
                settle(c.complete());
                tracker.down = false; // the retry (after retryMin) reaches it
                assertEquals("completed", tracker.next(), "the announce after the tracker came back");
            }
        }
    }

    /**
     * The first tier's tracker heard started, then failed; the second tier's tracker, reached on a
     * re-announce, has never heard of us: BEP 3 wants started first.
     */
    @Test
    void aTrackerFirstReachedOnAReannounceHearsStarted() throws Exception {
        try (Recording first = new Recording(1); Recording second = new Recording(1)) {
            try (TrackerClient c = client(TrackerClientOptions.builder(hash()).tier(first.url()).tier(second.url()))) {
                settle(c.start());
                assertEquals("started", first.next());
                first.down = true; // the re-announce, a second later, falls through to the second tier
                assertEquals("started", second.next(), "the first announce the second tier's tracker received");
            }
        }
    }
}

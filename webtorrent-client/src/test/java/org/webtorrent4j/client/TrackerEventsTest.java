package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;

/**
 * What a tracker hears from the client (BEP 3 events and counts), recorded by a loopback HTTP
 * tracker that answers every announce with no peers.
 */
class TrackerEventsTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path tmp;

    private HttpServer tracker;
    private final BlockingQueue<Map<String, String>> announces = new LinkedBlockingQueue<>();

    @BeforeEach
    void startTracker() throws Exception {
        tracker = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tracker.createContext("/announce", exchange -> {
            Map<String, String> query = new LinkedHashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.ISO_8859_1));
            }
            query.putIfAbsent("event", "");
            announces.add(query);
            byte[] body = Bencode.encode(Map.of("interval", 1800L, "peers", new byte[0]));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tracker.start();
    }

    @AfterEach
    void stopTracker() {
        tracker.stop(0);
    }

    private String announceUrl() {
        return "http://127.0.0.1:" + tracker.getAddress().getPort() + "/announce";
    }

    private Torrent seedData(Path dir) throws Exception {
        Torrent plain = TestTorrents.write(dir, "data.bin", PIECE,
                List.of(new Content("data.bin", TestTorrents.random(10 * PIECE + 5, 3))));
        return Torrent.parse(Bencode.encode(Map.of("announce", announceUrl(), "info", Bencode.decode(plain.rawInfo()))));
    }

    private Map<String, String> next() throws InterruptedException {
        Map<String, String> a = announces.poll(30, TimeUnit.SECONDS);
        assertNotNull(a, "no announce within 30 s");
        return a;
    }

    /**
     * BEP 3: "No completed is sent if the file was complete when started." A torrent whose data is
     * all there when added (seeding) announces started and, when removed, stopped; never completed.
     */
    @Test
    void aTorrentCompleteWhenAddedNeverAnnouncesCompleted() throws Exception {
        Torrent torrent = seedData(tmp);
        try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            TorrentHandle h = client.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            client.remove(h).get(30, TimeUnit.SECONDS); // announces stopped, and waits for its answer
        }
        List<String> events = new ArrayList<>();
        for (Map<String, String> a : announces) {
            events.add(a.get("event"));
        }
        assertFalse(events.contains("completed"), "events heard by the tracker: " + events);
    }

    /**
     * A seeder's first announce must say it has nothing left: announcing left = the whole size
     * makes the tracker count a seeder as a leecher until its next regular announce.
     */
    @Test
    void aSeedersFirstAnnounceSaysNothingIsLeft() throws Exception {
        Torrent torrent = seedData(tmp);
        try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            client.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            Map<String, String> first = next();
            assertEquals("started", first.get("event"));
            assertEquals("0", first.get("left"), "left in the started announce of a complete torrent: " + first);
        }
    }

    /** Pausing a torrent leaves the swarm: its trackers hear stopped, so they stop handing it out. */
    @Test
    void pausingAnnouncesStopped() throws Exception {
        Torrent torrent = seedData(tmp);
        try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            TorrentHandle h = client.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            assertEquals("started", next().get("event"));
            h.pause().get(30, TimeUnit.SECONDS);
            Map<String, String> a;
            do {
                a = next();
            } while (a.get("event").equals("completed")); // a separate defect: see the first test
            assertEquals("stopped", a.get("event"), "after a pause the tracker heard " + a);
        }
    }
    /**
     * A leecher that selected one file of two and downloaded it is not a seeder: it still lacks
     * the other file. libtorrent announces left = total size minus what it has (deselected files
     * count); left = 0, or completed, makes the tracker count it as a seeder and send leechers to
     * it for pieces it does not have.
     */
    @Test
    void aPartialDownloadIsNeverAnnouncedAsASeeder() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent plain = TestTorrents.write(seedDir, "two", PIECE, List.of(
                new Content("a.bin", TestTorrents.random(4 * PIECE, 5)), new Content("b.bin", TestTorrents.random(4 * PIECE, 6))));
        Torrent torrent = Torrent.parse(Bencode.encode(Map.of("announce", announceUrl(), "info", Bencode.decode(plain.rawInfo()))));
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(plain, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS); // plain: the seeder stays off the tracker
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().selected(java.util.Set.of(0))
                    .peers(List.of(seeder.listenAddress())).build());
            h.done().get(60, TimeUnit.SECONDS);
            leecher.remove(h).get(30, TimeUnit.SECONDS); // announces stopped, and waits for its answer
        }
        List<String> heard = new ArrayList<>();
        for (Map<String, String> a : announces) {
            heard.add(a.get("event") + " left=" + a.get("left"));
        }
        assertFalse(heard.stream().anyMatch(e -> e.startsWith("completed") || e.endsWith("left=0")),
                "announces heard by the tracker: " + heard);
    }
    /**
     * The first tier's tracker accepts connections but never answers; the second tier's tracker
     * heard started. When the torrent is removed, that second tracker must hear stopped: it is the
     * one that lists us. (The stopped announce starts again at the first tier, whose timeout is
     * longer than what removal waits for, so it is never sent.)
     */
    @Test
    void stoppedReachesTheTrackerThatHeardStartedWhenAnEarlierTierHangs() throws Exception {
        try (java.net.ServerSocket hanging = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String silent = "http://127.0.0.1:" + hanging.getLocalPort() + "/announce";
            Torrent plain = TestTorrents.write(null, "data.bin", PIECE,
                    List.of(new Content("data.bin", TestTorrents.random(10 * PIECE + 5, 3))));
            Torrent torrent = Torrent.parse(Bencode.encode(Map.of("announce", silent,
                    "announce-list", List.of(List.of(silent), List.of(announceUrl())),
                    "info", Bencode.decode(plain.rawInfo()))));
            try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
                TorrentHandle h = client.add(torrent, AddOptions.defaults()); // nothing on disk: a leecher with no peer
                Map<String, String> first = announces.poll(60, TimeUnit.SECONDS); // after the first tier timed out
                assertNotNull(first, "the second tier's tracker was never reached");
                assertEquals("started", first.get("event"));
                client.remove(h).get(60, TimeUnit.SECONDS);
            }
            Map<String, String> last = announces.poll(5, TimeUnit.SECONDS);
            assertNotNull(last, "the tracker that heard started never heard stopped");
            assertEquals("stopped", last.get("event"));
        }
    }
    /**
     * A torrent that failed (its disk is full) takes no connection any more, so it must leave its
     * trackers: after started, stopped. Otherwise trackers keep handing out a peer that refuses
     * everyone, and it keeps re-announcing until the user removes it.
     */
    @Test
    void aTorrentThatFailedLeavesItsTrackers() throws Exception {
        Path devFull = Path.of("/dev/full"); // every write fails with ENOSPC
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(devFull), "no /dev/full here");
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent plain = TestTorrents.write(seedDir, "a.bin", 64 * 1024, List.of(new Content("a.bin", TestTorrents.random(2_000_000, 3))));
        Torrent torrent = Torrent.parse(Bencode.encode(Map.of("announce", announceUrl(), "info", Bencode.decode(plain.rawInfo()))));
        Files.createSymbolicLink(leechDir.resolve("a.bin"), devFull);
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(plain, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS); // plain: off the tracker
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            assertThrows(java.util.concurrent.ExecutionException.class, () -> h.done().get(60, TimeUnit.SECONDS));
            assertEquals("started", next().get("event"));
            Map<String, String> after = announces.poll(30, TimeUnit.SECONDS);
            assertNotNull(after, "the failed torrent announced started and, 30 s after failing, still no stopped");
            assertEquals("stopped", after.get("event"));
        }
    }
    /** A magnet link removed while its metadata is still awaited leaves its tracker: stopped. */
    @Test
    void aMagnetRemovedBeforeItsMetadataAnnouncesStopped() throws Exception {
        try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            TorrentHandle h = client.add(Torrent.parse("magnet:?xt=urn:btih:" + "ab".repeat(20) + "&tr="
                    + URLEncoder.encode(announceUrl(), StandardCharsets.UTF_8)), AddOptions.defaults());
            assertEquals("started", next().get("event"));
            client.remove(h).get(30, TimeUnit.SECONDS); // announces stopped, and waits for its answer
        }
        Map<String, String> last = announces.poll(5, TimeUnit.SECONDS);
        assertNotNull(last, "no stopped for the removed magnet link");
        assertEquals("stopped", last.get("event"));
    }
}

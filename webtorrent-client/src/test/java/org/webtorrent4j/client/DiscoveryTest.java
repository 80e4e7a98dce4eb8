package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.dht.DhtNode;
import org.webtorrent4j.dht.DhtOptions;
import org.webtorrent4j.dht.NodeId;
import org.webtorrent4j.swarm.SwarmOptions;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.tracker.server.TrackerServer;
import org.webtorrent4j.tracker.server.TrackerServerOptions;

/** Finding peers and metadata: magnet links with x.pe, our own tracker, our own DHT, in one JVM. */
class DiscoveryTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path tmp;

    private Torrent seedData(Path seedDir, List<String> announce) throws Exception {
        byte[] data = TestTorrents.random(40 * PIECE + 17, 11);
        Torrent plain = TestTorrents.write(seedDir, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        if (announce.isEmpty()) {
            return plain;
        }
        return Torrent.parse(Bencode.encode(Map.of("announce", announce.get(0), "info",
                Bencode.decode(plain.rawInfo()))));
    }

    private static ClientOptions dhtClient(Path dir, String address, List<InetSocketAddress> bootstrap) throws Exception {
        return LoopbackSwarmTest.options(dir).dht(true).dhtBootstrap(bootstrap)
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(InetAddress.getByName(address), 0)).build())
                .build();
    }

    private static void assertSameData(Path seedDir, Path leechDir) throws Exception {
        assertArrayEquals(Files.readAllBytes(seedDir.resolve("data.bin")), Files.readAllBytes(leechDir.resolve("data.bin")));
    }

    @Test
    void magnetWithPeerAddressFetchesMetadataThenDownloads() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = seedData(seedDir, List.of());
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            String magnet = "magnet:?xt=urn:btih:" + torrent.infoHashV1().orElseThrow().hex()
                    + "&x.pe=127.0.0.1:" + seeder.listenAddress().getPort();
            Torrent fromMagnet = Torrent.parse(magnet);
            assertFalse(fromMagnet.hasMetadata());
            BlockingQueue<Object> events = new LinkedBlockingQueue<>();
            TorrentHandle h = leecher.add(fromMagnet, AddOptions.builder().listener(new TorrentListener() {
                @Override
                public void onMetadata(Torrent t) {
                    events.add(t);
                }

                @Override
                public void onReady(int verifiedPieces) {
                    events.add("ready");
                }
            }).build());
            Torrent metadata = h.metadata().get(60, TimeUnit.SECONDS);
            assertArrayEquals(torrent.rawInfo(), metadata.rawInfo());
            h.done().get(120, TimeUnit.SECONDS);
            assertArrayEquals(torrent.rawInfo(), ((Torrent) events.poll(5, TimeUnit.SECONDS)).rawInfo(), "metadata first");
            assertEquals("ready", events.poll(5, TimeUnit.SECONDS));
        }
        assertSameData(seedDir, leechDir);
    }

    @Test
    void peersFindEachOtherThroughOurTracker() throws Exception {
        try (TrackerServer tracker = TrackerServer.start(TrackerServerOptions.builder().host("127.0.0.1")
                .httpPort(0).udpPort(0).wsPort(0).build())) {
            Path seedDir = Files.createDirectories(tmp.resolve("seed"));
            Path leechDir = Files.createDirectories(tmp.resolve("leech"));
            Torrent torrent = seedData(seedDir, List.of(tracker.udpAnnounceUrl()));
            try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
                seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
                BlockingQueue<Torrent> metadata = new LinkedBlockingQueue<>();
                leecher.add(torrent, AddOptions.builder().listener(new TorrentListener() {
                    @Override
                    public void onMetadata(Torrent t) {
                        metadata.add(t);
                    }
                }).build()).done().get(120, TimeUnit.SECONDS);
                assertEquals(torrent, metadata.poll(5, TimeUnit.SECONDS), "a .torrent's metadata is reported too");
            }
            assertSameData(seedDir, leechDir);
        }
    }

    /**
     * A tracker that refuses the torrent and one that is down: each reaches the listeners as one
     * warning naming it, while a magnet link with nobody to fetch the metadata from still waits.
     */
    @Test
    void trackerFailuresReachTheListenersBeforeTheMetadata() throws Exception {
        int deadPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = free.getLocalPort();
        }
        try (TrackerServer tracker = TrackerServer.start(TrackerServerOptions.builder().host("127.0.0.1")
                .httpPort(0).udpPort(0).wsPort(0).allowInfoHash(h -> false).build());
                WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            String refusing = tracker.httpAnnounceUrl();
            String down = "http://127.0.0.1:" + deadPort + "/announce";
            BlockingQueue<String> warnings = new LinkedBlockingQueue<>();
            TorrentHandle h = client.add(Torrent.parse("magnet:?xt=urn:btih:" + "ab".repeat(20)),
                    AddOptions.builder().trackers(List.of(refusing, down)).listener(warningsInto(warnings)).build());
            List<String> got = List.of(poll(warnings), poll(warnings));
            assertTrue(got.stream().anyMatch(w -> w.contains(refusing) && w.contains("info_hash not allowed")), got::toString);
            assertTrue(got.stream().anyMatch(w -> w.contains(down) && w.contains("cannot connect")), got::toString);
            assertFalse(h.metadata().isDone());
        }
    }

    /** A tracker URL that does not parse is skipped with a warning naming it. */
    @Test
    void aMalformedTrackerUrlIsSkippedWithAWarning() throws Exception {
        try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            BlockingQueue<String> warnings = new LinkedBlockingQueue<>();
            client.add(Torrent.parse("magnet:?xt=urn:btih:" + "ab".repeat(20)),
                    AddOptions.builder().trackers(List.of("http://127.0.0.1:1/a b")).listener(warningsInto(warnings)).build());
            String warning = poll(warnings);
            assertTrue(warning.contains("malformed tracker URL: http://127.0.0.1:1/a b"), warning);
        }
    }

    /**
     * A tracker that keeps refusing the torrent warns once: its {@code completed} announce, after
     * the download, fails the same way and stays quiet.
     */
    @Test
    void aTrackerFailingTheSameWayAgainWarnsOnce() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = seedData(seedDir, List.of());
        try (TrackerServer tracker = TrackerServer.start(TrackerServerOptions.builder().host("127.0.0.1")
                .httpPort(0).udpPort(0).wsPort(0).allowInfoHash(h -> false).build());
                WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            BlockingQueue<String> warnings = new LinkedBlockingQueue<>();
            TorrentHandle h = leecher.add(torrent, AddOptions.builder()
                    .trackers(List.of(tracker.httpAnnounceUrl())).peers(List.of(seeder.listenAddress()))
                    .listener(warningsInto(warnings)).build());
            assertTrue(poll(warnings).contains("info_hash not allowed"));
            h.done().get(60, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tracker.stats().get(5, TimeUnit.SECONDS).rejected() < 2) { // started, then completed
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no completed announce");
                }
                Thread.sleep(50);
            }
            assertEquals(null, warnings.poll(1, TimeUnit.SECONDS));
        }
        assertSameData(seedDir, leechDir);
    }

    private static TorrentListener warningsInto(BlockingQueue<String> warnings) {
        return new TorrentListener() {
            @Override
            public void onWarning(String message) {
                warnings.add(message);
            }
        };
    }

    private static String poll(BlockingQueue<String> warnings) throws InterruptedException {
        String w = warnings.poll(30, TimeUnit.SECONDS);
        if (w == null) {
            throw new AssertionError("no warning within 30 s");
        }
        return w;
    }

    /** A magnet link's {@code x.pe} may name its peer by host name: it is resolved off add()'s thread, then dialed. */
    @Test
    void aMagnetsPeerGivenByHostNameIsDialed() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = seedData(seedDir, List.of());
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle h = leecher.add(Torrent.parse("magnet:?xt=urn:btih:" + torrent.infoHashV1().orElseThrow().hex()
                    + "&x.pe=localhost:" + seeder.listenAddress().getPort()), AddOptions.defaults());
            h.done().get(60, TimeUnit.SECONDS);
        }
        assertSameData(seedDir, leechDir);
    }

    @Test
    void aMagnetWithNoTrackerFindsPeersThroughTheDht() throws Exception {
        DhtOptions.Builder local = DhtOptions.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0);
        try (DhtNode router = DhtNode.start(local.build())) {
            List<InetSocketAddress> bootstrap = List.of(router.localAddress());
            Path seedDir = Files.createDirectories(tmp.resolve("seed"));
            Path leechDir = Files.createDirectories(tmp.resolve("leech"));
            Torrent torrent = seedData(seedDir, List.of());
            // Each client on its own loopback address: DHT nodes rate-limit queries per source IP.
            try (WebTorrent seeder = new WebTorrent(dhtClient(seedDir, "127.0.0.2", bootstrap));
                    WebTorrent leecher = new WebTorrent(dhtClient(leechDir, "127.0.0.3", bootstrap))) {
                seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
                // The seeder announces itself as it starts; wait until the DHT holds it, so that the
                // leecher's first lookup finds it.
                NodeId key = NodeId.of(torrent.infoHashV1().orElseThrow().bytes());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (router.lookup(key).get(30, TimeUnit.SECONDS).peers().isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the seeder never announced itself on the DHT");
                    }
                    Thread.sleep(500);
                }
                TorrentHandle h = leecher.add(Torrent.parse("magnet:?xt=urn:btih:" + torrent.infoHashV1().orElseThrow().hex()),
                        AddOptions.defaults());
                h.done().get(120, TimeUnit.SECONDS);
            }
            assertSameData(seedDir, leechDir);
        }
    }

    /**
     * A .torrent's {@code nodes} (BEP 5) are the clients' only way into the DHT: no bootstrap
     * node, no tracker, no peer address. Both ping the listed node before their first lookup.
     */
    @Test
    void aTorrentsDhtNodesLeadToItsPeers() throws Exception {
        DhtOptions.Builder local = DhtOptions.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0);
        try (DhtNode router = DhtNode.start(local.build())) {
            Path seedDir = Files.createDirectories(tmp.resolve("seed"));
            Path leechDir = Files.createDirectories(tmp.resolve("leech"));
            Torrent plain = seedData(seedDir, List.of());
            InetSocketAddress node = router.localAddress();
            Torrent torrent = Torrent.parse(Bencode.encode(Map.of("info", Bencode.decode(plain.rawInfo()),
                    "nodes", List.of(List.of(node.getAddress().getHostAddress(), (long) node.getPort())))));
            assertEquals(1, torrent.nodes().size());
            try (WebTorrent seeder = new WebTorrent(dhtClient(seedDir, "127.0.0.4", List.of()));
                    WebTorrent leecher = new WebTorrent(dhtClient(leechDir, "127.0.0.5", List.of()))) {
                seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
                // The node holds the seeder's announcement in its own store (a lookup of its own
                // asks only the other nodes): wait for it, so that the leecher's first lookup finds it.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (router.stats().storedPeers() == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the seeder never announced itself through the torrent's node");
                    }
                    Thread.sleep(200);
                }
                leecher.add(torrent, AddOptions.defaults()).done().get(60, TimeUnit.SECONDS);
            }
            assertSameData(seedDir, leechDir);
        }
    }
}

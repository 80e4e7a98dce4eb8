package org.webtorrent4j.tracker.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.testkit.ProcessRunner;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.client.OfferFactory;
import org.webtorrent4j.tracker.client.RecordingListener;
import org.webtorrent4j.tracker.client.TrackerClient;
import org.webtorrent4j.tracker.client.TrackerClientOptions;
import org.webtorrent4j.tracker.client.TrackerRuntime;
import org.webtorrent4j.tracker.client.TransferStats;
import org.webtorrent4j.tracker.server.TrackerServer;
import org.webtorrent4j.tracker.server.TrackerServerOptions;
import org.webtorrent4j.tracker.server.TrackerStats;
import org.webtorrent4j.tracker.ws.WsMessage;
import org.webtorrent4j.tracker.ws.WsMessageCodec;

/**
 * Interop with the npm bittorrent-tracker (our client against its server over HTTP, UDP and
 * WebSocket; WebTorrent-protocol peers in node against our server) and with libtorrent (two real
 * sessions find each other through our server and complete a download).
 */
@Tag("interop")
class NpmAndLibtorrentInteropTest {
    static final Path SCRIPTS = Path.of("src/test/interop");
    static final Path NODE_DIR = Path.of(".interop/node");

    @TempDir
    Path work;

    static Path assumeNodePackages() {
        Interop.assumeLoopbackOnlyNamespace();
        Path node = Interop.assumeBinary("node");
        Interop.skipUnless(Files.isDirectory(NODE_DIR.resolve("node_modules/bittorrent-tracker")),
                "npm bittorrent-tracker is not installed: run bittorrent-tracker/src/test/interop/install.sh");
        return node;
    }

    static RunningProcess npmServer(Path node, int port) throws InterruptedException {
        RunningProcess p = RunningProcess.start(List.of(node.toString(), SCRIPTS.resolve("npm-tracker-server.mjs").toString(),
                NODE_DIR.toString(), String.valueOf(port)), null);
        p.awaitOutput("LISTENING", Duration.ofSeconds(30));
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "udp"})
    void ourClientAgainstNpmServer(String protocol) throws Exception {
        Path node = assumeNodePackages();
        int port = Interop.freePort();
        try (RunningProcess server = npmServer(node, port)) {
            String url = protocol.equals("udp") ? "udp://127.0.0.1:" + port : "http://127.0.0.1:" + port + "/announce";
            Id20 hash = Id20.random();
            try (TrackerClient seeder = client(hash, url, 7201, 0); TrackerClient leecher = client(hash, url, 7202, 10)) {
                seeder.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                AnnounceResponse r = leecher.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                assertTrue(r.peers().contains(new TrackerPeer(new InetSocketAddress("127.0.0.1", 7201), null)), r.toString());
                assertEquals(1, r.complete());
                assertEquals(1, r.incomplete());
                ScrapeStats s = leecher.scrape().get(30, TimeUnit.SECONDS).files().get(hash);
                assertEquals(1, s.complete());
                assertEquals(1, s.incomplete());
                seeder.stop().get(30, TimeUnit.SECONDS);
                assertEquals(0, leecher.announce(AnnounceEvent.NONE).get(30, TimeUnit.SECONDS).complete());
            }
        }
    }

    @Test
    void ourWebSocketClientsRelayThroughNpmServer() throws Exception {
        Path node = assumeNodePackages();
        int port = Interop.freePort();
        try (RunningProcess server = npmServer(node, port); TrackerRuntime rtA = new TrackerRuntime();
                TrackerRuntime rtB = new TrackerRuntime()) {
            String url = "ws://127.0.0.1:" + port;
            Id20 hash = Id20.random();
            Id20 offerId = Id20.random();
            JsonNode offer = WsMessageCodec.json("{\"type\":\"offer\",\"sdp\":\"v=0 fake\"}");
            JsonNode answer = WsMessageCodec.json("{\"type\":\"answer\",\"sdp\":\"v=0 fake\"}");
            OfferFactory offers = n -> CompletableFuture.completedFuture(List.of(new WsMessage.Offer(offerId, offer)));
            RecordingListener a = new RecordingListener();
            RecordingListener b = new RecordingListener();
            try (TrackerClient ca = TrackerClient.create(TrackerClientOptions.builder(hash).tier(url).runtime(rtA)
                    .stats(() -> new TransferStats(0, 0, 0)).listener(a).build());
                    TrackerClient cb = TrackerClient.create(TrackerClientOptions.builder(hash).tier(url).runtime(rtB)
                            .listener(b).offers(offers).build())) {
                ca.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                AnnounceResponse rb = cb.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                assertEquals(1, rb.complete());
                WsMessage.RelayedOffer got = RecordingListener.take(a.offers);
                assertEquals(offerId, got.offerId());
                assertEquals(cb.options().peerId(), got.peerId());
                ca.answer(RecordingListener.take(a.offerTrackers), got, answer);
                WsMessage.RelayedAnswer ans = RecordingListener.take(b.answers);
                assertEquals(ca.options().peerId(), ans.peerId());
                assertEquals(answer, ans.answer());
                assertEquals(1, cb.scrape().get(30, TimeUnit.SECONDS).files().get(hash).complete());
            }
        }
    }

    @Test
    void webTorrentProtocolPeersInNodeUseOurServer() throws Exception {
        Path node = assumeNodePackages();
        try (TrackerServer server = TrackerServer.start(TrackerServerOptions.builder().build())) {
            ProcessRunner.Result r = ProcessRunner.run(Duration.ofSeconds(60), node.toString(),
                    SCRIPTS.resolve("ws-relay.cjs").toString(), NODE_DIR.toString(), server.wsAnnounceUrl());
            assertTrue(r.stdout().contains("RELAY OK"), r.stdout() + r.stderr());
            assertTrue(server.stats().get(10, TimeUnit.SECONDS).wsAnnounces() >= 3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "udp"})
    void twoLibtorrentSessionsFindEachOtherThroughOurServer(String protocol) throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Path python = Interop.assumePythonModule("libtorrent");
        try (TrackerServer server = TrackerServer.start(TrackerServerOptions.builder().wsPort(-1).build())) {
            String url = protocol.equals("udp") ? server.udpAnnounceUrl() : server.httpAnnounceUrl();
            ProcessBuilder pb = new ProcessBuilder(python.toString(), SCRIPTS.resolve("lt-pair.py").toString(), url,
                    work.toString());
            pb.environment().putAll(Map.of("SEED_PORT", String.valueOf(Interop.freePort()),
                    "LEECH_PORT", String.valueOf(Interop.freePort())));
            ProcessRunner.Result r = runWithEnv(pb);
            assertTrue(r.stdout().contains("DOWNLOAD OK"), r.stdout() + r.stderr());
            TrackerStats stats = server.stats().get(10, TimeUnit.SECONDS);
            assertTrue((protocol.equals("udp") ? stats.udpAnnounces() : stats.httpAnnounces()) >= 2, stats.toString());
        }
    }

    private static ProcessRunner.Result runWithEnv(ProcessBuilder pb) throws Exception {
        Path out = Files.createTempFile("lt", ".out");
        Path err = Files.createTempFile("lt", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError("libtorrent pair timed out: " + Files.readString(err));
            }
            return new ProcessRunner.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static TrackerClient client(Id20 hash, String url, int port, long left) {
        return TrackerClient.create(TrackerClientOptions.builder(hash).port(port).tier(url)
                .stats(() -> new TransferStats(0, 0, left)).udpRetransmitBase(Duration.ofSeconds(1)).build());
    }
}

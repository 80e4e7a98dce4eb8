package org.webtorrent4j.benchmarks.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.webtorrent4j.simplepeer.Chromium;
import org.webtorrent4j.simplepeer.Peer;
import org.webtorrent4j.simplepeer.PeerOptions;
import org.webtorrent4j.simplepeer.Relay;
import org.webtorrent4j.simplepeer.RelayClient;
import org.webtorrent4j.simplepeer.SignalJson;
import org.webtorrent4j.simplepeer.WebRtcEngine;

/**
 * Figures of simple-peer (issue 7): connection set-up time, one channel's throughput
 * Java⇄Java, Java⇄Chromium and Chromium⇄Chromium in the same run, and native memory (RSS)
 * over 1000 peer connections opened and closed. Runs only inside a WebRTC test namespace
 * (benchmarks/webrtc.sh makes one); parts: setup, throughput, memory[=N] (default: these three),
 * memory-bare[=N].
 */
public final class WebRtcBenchmark {
    private static final int SETUP_RUNS = 100;
    private static final long THROUGHPUT_BYTES = 64L * 1024 * 1024;
    private static final int MEMORY_CONNECTIONS = 1000;
    private static final int MEMORY_STEP = 100;
    private static final int SEND_PIECE = 1024 * 1024;

    private WebRtcBenchmark() {}

    public static void main(String[] args) throws Exception {
        requireWebRtcNamespace();
        List<String> parts = args.length == 0 ? List.of("setup", "throughput", "memory") : List.of(args);
        for (String part : parts) {
            // memory=N runs N connections (default 1000), to show where RSS levels off.
            String[] nameAndCount = part.split("=", 2);
            int count = nameAndCount.length == 2 ? Integer.parseInt(nameAndCount[1]) : MEMORY_CONNECTIONS;
            switch (nameAndCount[0]) {
                case "setup" -> setup();
                case "throughput" -> throughput();
                case "memory" -> memory(count);
                case "memory-bare" -> memoryBare(count);
                default -> throw new IllegalArgumentException("unknown part " + part
                        + " (setup, throughput, memory[=N], memory-bare[=N])");
            }
        }
    }

    private static void requireWebRtcNamespace() throws Exception {
        List<String> others = new ArrayList<>();
        for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!i.isLoopback()) {
                others.add(i.getName());
            }
        }
        if (others.isEmpty() || !others.stream().allMatch(n -> n.startsWith("wrtc"))) {
            throw new IllegalStateException("run inside a WebRTC test namespace (benchmarks/webrtc.sh); interfaces " + others);
        }
    }

    /** One Java pair signalling in memory; returns {initiator, answerer}, both connected. */
    private static Peer[] connectPair(WebRtcEngine engine, Meter ma, Meter mb) throws Exception {
        return connectPair(engine, ma, mb, PeerOptions.defaults());
    }

    private static Peer[] connectPair(WebRtcEngine engine, Meter ma, Meter mb, PeerOptions options) throws Exception {
        CompletableFuture<Peer> fa = new CompletableFuture<>();
        CompletableFuture<Peer> fb = new CompletableFuture<>();
        ma.signalSink = s -> fb.join().signal(s);
        mb.signalSink = s -> fa.join().signal(s);
        Peer b = engine.createPeer(false, options, mb);
        fb.complete(b);
        Peer a = engine.createPeer(true, options, ma);
        fa.complete(a);
        ma.connectedAt.get(60, TimeUnit.SECONDS);
        mb.connectedAt.get(60, TimeUnit.SECONDS);
        return new Peer[] {a, b};
    }

    private static void closePair(Peer[] pair) {
        for (Peer p : pair) {
            p.close();
        }
        for (Peer p : pair) {
            p.closeFuture().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private static void setup() throws Exception {
        setup(PeerOptions.defaults(), "non-trickle");
        setup(PeerOptions.builder().trickle(true).build(), "trickle");
    }

    private static void setup(PeerOptions options, String label) throws Exception {
        try (WebRtcEngine engine = new WebRtcEngine()) {
            closePair(connectPair(engine, new Meter(0), new Meter(0), options)); // warm-up
            double[] ms = new double[SETUP_RUNS];
            for (int i = 0; i < SETUP_RUNS; i++) {
                Meter ma = new Meter(0);
                Meter mb = new Meter(0);
                long t0 = System.nanoTime();
                Peer[] pair = connectPair(engine, ma, mb, options);
                ms[i] = (Math.max(ma.connectedAt.get(), mb.connectedAt.get()) - t0) / 1e6;
                closePair(pair);
            }
            java.util.Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "setup Java<->Java (%s, in-memory signalling, %d runs): median %.1f ms, p10 %.1f ms, p90 %.1f ms%n",
                    label, SETUP_RUNS, ms[SETUP_RUNS / 2], ms[SETUP_RUNS / 10], ms[SETUP_RUNS * 9 / 10]);
        }
    }

    private static void throughput() throws Exception {
        try (WebRtcEngine engine = new WebRtcEngine(); Relay relay = new Relay(InetAddress.getLoopbackAddress())) {
            // Java -> Java
            Meter ma = new Meter(0);
            Meter mb = new Meter(THROUGHPUT_BYTES);
            Peer[] pair = connectPair(engine, ma, mb);
            long t0 = System.nanoTime();
            sendZeros(pair[0], THROUGHPUT_BYTES);
            report("Java -> Java", THROUGHPUT_BYTES, (mb.receivedAllAt.get(120, TimeUnit.SECONDS) - t0) / 1e6);
            closePair(pair);

            Path chromium = Path.of("/usr/bin/chromium");
            if (!Files.isExecutable(chromium)) {
                System.out.println("SKIPPED: Chromium figures: /usr/bin/chromium is not installed");
                return;
            }
            figure("Java -> Chromium", () -> javaAndChromium(engine, relay, chromium, true));
            figure("Chromium -> Java", () -> javaAndChromium(engine, relay, chromium, false));
            figure("Chromium -> Chromium", () -> chromiumToChromium(relay, chromium));
        }
    }

    private interface Figure {
        void run() throws Exception;
    }

    /** Runs one figure; a failure is printed and the others still run. */
    private static void figure(String name, Figure f) {
        try {
            f.run();
        } catch (Exception e) {
            System.out.println("FAILED: " + name + ": " + e);
        }
    }

    /** Java sends to Chromium (or the reverse); the receiver's clock runs from channel open to the last byte. */
    private static void javaAndChromium(WebRtcEngine engine, Relay relay, Path chromium, boolean javaSends) throws Exception {
        String room = UUID.randomUUID().toString();
        CompletableFuture<JsonNode> report = new CompletableFuture<>();
        CompletableFuture<Peer> peer = new CompletableFuture<>();
        long toJava = javaSends ? 0 : THROUGHPUT_BYTES;
        Meter meter = new Meter(toJava);
        try (RelayClient client = RelayClient.connect(relay.ws(room), text -> {
            try {
                JsonNode n = SignalJson.JSON.readTree(text);
                if ("report".equals(n.path("type").asText())) {
                    report.complete(n);
                } else {
                    peer.join().signal(SignalJson.decode(n));
                }
            } catch (Exception e) {
                report.completeExceptionally(e);
            }
        })) {
            meter.signalSink = s -> client.send(SignalJson.encode(s));
            peer.complete(engine.createPeer(true, PeerOptions.defaults(), meter));
            URI page = relay.page(room, "answerer", toJava, 22, javaSends ? THROUGHPUT_BYTES : 0, 11);
            try (Chromium browser = new Chromium(chromium, page)) {
                long connected = meter.connectedAt.get(60, TimeUnit.SECONDS);
                if (javaSends) {
                    sendPattern(peer.join(), THROUGHPUT_BYTES);
                    JsonNode r = report.get(120, TimeUnit.SECONDS);
                    check(r, THROUGHPUT_BYTES);
                    report("Java -> Chromium", THROUGHPUT_BYTES, r.path("receiveMs").asDouble());
                } else {
                    long done = meter.receivedAllAt.get(120, TimeUnit.SECONDS);
                    report("Chromium -> Java", THROUGHPUT_BYTES, (done - connected) / 1e6);
                }
            } finally {
                peer.join().close();
                peer.join().closeFuture().orTimeout(30, TimeUnit.SECONDS).join();
            }
        }
    }

    private static void chromiumToChromium(Relay relay, Path chromium) throws Exception {
        String room = UUID.randomUUID().toString();
        CompletableFuture<JsonNode> report = new CompletableFuture<>();
        try (RelayClient observer = RelayClient.connect(relay.ws(room), text -> {
            try {
                JsonNode n = SignalJson.JSON.readTree(text);
                if ("report".equals(n.path("type").asText()) && n.path("received").asLong() > 0) {
                    report.complete(n);
                }
            } catch (Exception e) {
                report.completeExceptionally(e);
            }
        });
                Chromium receiver = new Chromium(chromium, relay.page(room, "answerer", 0, 0, THROUGHPUT_BYTES, 22));
                Chromium sender = new Chromium(chromium, relay.page(room, "initiator", THROUGHPUT_BYTES, 22, 0, 0))) {
            JsonNode r = report.get(180, TimeUnit.SECONDS);
            check(r, THROUGHPUT_BYTES);
            report("Chromium -> Chromium", THROUGHPUT_BYTES, r.path("receiveMs").asDouble());
        }
    }

    private static void check(JsonNode r, long expected) {
        if (r.path("received").asLong() != expected || r.path("mismatch").asLong() != -1 || r.has("error")) {
            throw new IllegalStateException("remote peer report is wrong: " + r);
        }
    }

    private static void sendZeros(Peer peer, long total) throws Exception {
        byte[] piece = new byte[SEND_PIECE];
        List<CompletableFuture<Void>> window = new ArrayList<>();
        for (long sent = 0; sent < total; sent += SEND_PIECE) {
            if (window.size() == 4) {
                window.remove(0).get(120, TimeUnit.SECONDS);
            }
            window.add(peer.send(piece, 0, (int) Math.min(SEND_PIECE, total - sent)));
        }
        for (CompletableFuture<Void> f : window) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    /** The stream Chromium's page checks (seed 11), prepared before the clock starts in the page. */
    private static void sendPattern(Peer peer, long total) throws Exception {
        List<byte[]> pieces = new ArrayList<>();
        for (long pos = 0; pos < total; pos += SEND_PIECE) {
            byte[] b = new byte[(int) Math.min(SEND_PIECE, total - pos)];
            for (int k = 0; k < b.length; k++) {
                b[k] = patternByte(11, pos + k);
            }
            pieces.add(b);
        }
        List<CompletableFuture<Void>> window = new ArrayList<>();
        for (byte[] b : pieces) {
            if (window.size() == 4) {
                window.remove(0).get(120, TimeUnit.SECONDS);
            }
            window.add(peer.send(b));
        }
        for (CompletableFuture<Void> f : window) {
            f.get(120, TimeUnit.SECONDS);
        }
    }

    /** Byte {@code i} of the page's stream {@code seed} (peer.js patternByte). */
    private static byte patternByte(long seed, long i) {
        int h = ((int) (i >>> 2) ^ (int) seed) * 0x9E3779B1;
        h ^= h >>> 15;
        h *= 0x85EBCA77;
        h ^= h >>> 13;
        return (byte) (h >>> ((i & 3) * 8));
    }

    private static void report(String what, long bytes, double ms) {
        System.out.printf(Locale.ROOT, "throughput %-22s %d MiB in %.0f ms: %.1f MB/s%n", what, bytes >> 20, ms,
                bytes / 1e6 / (ms / 1e3));
    }

    /**
     * RSS over connections opened, used (1 KiB) and closed, one pair at a time. The Java heap is
     * fixed and pre-touched by webrtc.sh, so growth is native memory.
     */
    private static void memory(int connections) throws Exception {
        try (WebRtcEngine engine = new WebRtcEngine()) {
            long start = rssKiB();
            long jvmStart = jvmNativeBytes();
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= connections; i++) {
                Meter ma = new Meter(0);
                Meter mb = new Meter(1024);
                Peer[] pair = connectPair(engine, ma, mb);
                pair[0].send(new byte[1024]);
                mb.receivedAllAt.get(30, TimeUnit.SECONDS);
                closePair(pair);
                if (i % MEMORY_STEP == 0) {
                    line.append(rssGrowth(i, start));
                }
            }
            System.out.printf(Locale.ROOT, "memory RSS growth in MB after N connections opened, used and closed (%d peers):%s%n",
                    engine.peersCreated(), line);
            System.out.printf(Locale.ROOT, "memory of it the JVM's own (code cache, metaspace, direct buffers): %+.1f MB%n",
                    (jvmNativeBytes() - jvmStart) / 1048576.0);
        }
    }

    /** RSS over peers created and closed before any signal: a connection with nothing negotiated. */
    private static void memoryBare(int peers) throws Exception {
        try (WebRtcEngine engine = new WebRtcEngine()) {
            long start = rssKiB();
            StringBuilder line = new StringBuilder();
            for (int i = 1; i <= peers; i++) {
                Peer p = engine.createPeer(false, PeerOptions.defaults(), new Meter(0));
                p.close();
                p.closeFuture().orTimeout(30, TimeUnit.SECONDS).join();
                if (i % (MEMORY_STEP * 10) == 0) {
                    line.append(rssGrowth(i, start));
                }
            }
            System.out.printf(Locale.ROOT, "memory RSS growth in MB after N peers created and closed unconnected:%s%n", line);
        }
    }

    private static String rssGrowth(int n, long startKiB) throws Exception {
        System.gc();
        return String.format(Locale.ROOT, " %d:%+.1f", n, (rssKiB() - startKiB) / 1024.0);
    }

    /** Native memory the JVM itself accounts for: non-heap pools (committed) and direct buffers. */
    private static long jvmNativeBytes() {
        long total = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            total += pool.getMemoryUsed();
        }
        return total;
    }

    private static long rssKiB() throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}

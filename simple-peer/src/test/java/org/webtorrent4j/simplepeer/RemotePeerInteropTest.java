package org.webtorrent4j.simplepeer;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtorrent4j.testkit.Interop;

/**
 * Java against WebRTC peers that are not ours, both running peer.js over their own
 * RTCPeerConnection: headless Chromium (the browser's), and Node with {@code @roamhq/wrtc}. Both
 * roles, 16 MiB each way, byte-exact.
 */
@Tag("webrtc")
class RemotePeerInteropTest {
    private static final long TOTAL = 16L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final Path NODE_MODULES = Path.of(".interop/node/node_modules").toAbsolutePath();

    private static WebRtcEngine engine;
    private static Relay relay;

    @BeforeAll
    static void setUp() throws Exception {
        Interop.assumeWebRtcNamespace();
        engine = new WebRtcEngine();
        relay = new Relay(InetAddress.getLoopbackAddress());
    }

    @AfterAll
    static void tearDown() {
        if (relay != null) {
            relay.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @ParameterizedTest(name = "java initiates: {0}")
    @ValueSource(booleans = {true, false})
    void chromium(boolean javaInitiates) throws Exception {
        Path chromium = Interop.assumeBinary("chromium");
        try (RemoteSession session = new RemoteSession(engine, relay, javaInitiates)) {
            URI page = relay.page(session.room, role(javaInitiates),
                    TOTAL, RemoteSession.REMOTE_SEED, TOTAL, RemoteSession.JAVA_SEED);
            try (Chromium browser = new Chromium(chromium, page)) {
                session.exchange(TOTAL, TIMEOUT, false, () -> System.err.println("chromium output:\n" + browser.log()));
            }
        }
    }

    @ParameterizedTest(name = "java initiates: {0}")
    @ValueSource(booleans = {true, false})
    void node(boolean javaInitiates) throws Exception {
        Path node = Interop.assumeBinary("node");
        Interop.skipUnless(Files.isDirectory(NODE_MODULES.resolve("@roamhq/wrtc")),
                "@roamhq/wrtc is not installed in " + NODE_MODULES + " (run simple-peer/src/test/interop/install.sh)");
        Path script = Path.of(RemotePeerInteropTest.class.getResource("js/node-peer.js").toURI());
        Path log = Files.createTempFile("node-peer", ".log");
        try (RemoteSession session = new RemoteSession(engine, relay, javaInitiates)) {
            ProcessBuilder pb = new ProcessBuilder(List.of(node.toString(), script.toString(),
                    relay.ws(session.room).toString(), role(javaInitiates),
                    Long.toString(TOTAL), Long.toString(RemoteSession.REMOTE_SEED),
                    Long.toString(TOTAL), Long.toString(RemoteSession.JAVA_SEED)))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("NODE_PATH", NODE_MODULES.toString());
            Process p = pb.start();
            try {
                // @roamhq/wrtc can reorder the first messages on a channel the other side opened
                // (see the README): Java, having opened it, sends once Node's channel is live.
                session.exchange(TOTAL, TIMEOUT, javaInitiates,
                        () -> System.err.println("node-peer output:\n" + read(log)));
                session.close();
                // The Node peer exits by itself once the Java side has closed the channel.
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    throw new AssertionError("node peer did not exit after close:\n" + read(log));
                }
            } finally {
                p.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The remote peer's role: it answers when Java initiates. */
    private static String role(boolean javaInitiates) {
        return javaInitiates ? "answerer" : "initiator";
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (Exception e) {
            return "(unreadable: " + e + ")";
        }
    }
}

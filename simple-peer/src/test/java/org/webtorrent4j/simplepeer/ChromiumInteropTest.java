package org.webtorrent4j.simplepeer;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtorrent4j.testkit.Interop;

/**
 * Java against headless Chromium whose page (peer.js) uses the browser's own
 * RTCPeerConnection, in both roles, 16 MiB each way.
 */
@Tag("webrtc")
class ChromiumInteropTest {
    private static final long TOTAL = 16L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private static WebRtcEngine engine;
    private static Relay relay;
    private static Path chromium;

    @BeforeAll
    static void setUp() throws Exception {
        Interop.assumeWebRtcNamespace();
        chromium = Interop.assumeBinary("chromium");
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
    void sixteenMiBEachWayByteExact(boolean javaInitiates) throws Exception {
        try (RemoteSession session = new RemoteSession(engine, relay, javaInitiates)) {
            URI page = relay.page(session.room, javaInitiates ? "answerer" : "initiator",
                    TOTAL, RemoteSession.REMOTE_SEED, TOTAL, RemoteSession.JAVA_SEED);
            try (Chromium browser = new Chromium(chromium, page)) {
                session.exchange(TOTAL, TIMEOUT, false, () -> System.err.println("chromium output:\n" + browser.log()));
            }
        }
    }
}

package org.webtorrent4j.simplepeer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.webtorrent4j.testkit.Interop;

/**
 * A remote offer is the untrusted input of a peer: libwebrtc parses it natively, and webrtc-java
 * reports failures as {@code java.lang.Error}. Whatever the offer, the peer must either answer
 * or fail with a {@link PeerException} and close; the JVM must live on. Runs in the WebRTC
 * namespace (a fuzzed offer may name candidates, which must lead nowhere).
 */
@Tag("webrtc")
class RemoteOfferFuzzTest {
    private static WebRtcEngine engine;

    @BeforeAll
    static void setUp() {
        Interop.assumeWebRtcNamespace();
        engine = new WebRtcEngine();
    }

    @AfterAll
    static void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void anyRemoteOfferIsAnsweredOrRefusedWithoutCrashing(byte[] input) throws Exception {
        Signal offer;
        try {
            offer = Signal.offer(new String(input, StandardCharsets.UTF_8));
        } catch (InvalidSignalException e) {
            return; // empty: refused before it reaches a peer
        }
        CompletableFuture<Signal> answered = new CompletableFuture<>();
        Probe probe = new Probe("answerer", 0);
        probe.signalSink = answered::complete;
        Peer peer = engine.createPeer(false, PeerOptions.builder().connectTimeout(Duration.ofSeconds(3)).build(), probe);
        peer.signal(offer);
        CompletableFuture.anyOf(answered, probe.closed).get(30, TimeUnit.SECONDS);
        if (answered.isDone()) {
            assertTrue(answered.get().type() == Signal.Type.ANSWER, "an answerer answers");
        } else {
            assertTrue(probe.errors.size() == 1, "a refused offer is one PeerException: " + probe.errors);
        }
        peer.close();
        peer.closeFuture().get(30, TimeUnit.SECONDS);
    }
}

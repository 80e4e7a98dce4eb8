package org.webtorrent4j.simplepeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.testkit.Interop;

/**
 * webrtc-java 0.14.0's {@code RTCPeerConnection.close()} leaves Java's reference to the native
 * connection in place: after close, that reference is the last one, and dropping it frees the
 * connection (webrtc-java's release clears the handle only when it dropped the last reference).
 */
@Tag("webrtc")
class PeerConnectionReleaseTest {
    private static final PeerConnectionObserver IGNORE = (RTCIceCandidate candidate) -> { };
    private static HeadlessAudioDeviceModule audio;
    private static PeerConnectionFactory factory;

    @BeforeAll
    static void factory() {
        Interop.assumeWebRtcNamespace();
        audio = new HeadlessAudioDeviceModule();
        factory = new PeerConnectionFactory(audio);
    }

    @AfterAll
    static void dispose() {
        if (factory != null) {
            factory.dispose();
            audio.dispose();
        }
    }

    @Test
    void theVersionOnTheClassPathIsTheLeakingOneSoTheReleaseIsOn() {
        assertEquals(Optional.of(PeerConnectionRelease.LEAKING_VERSION), PeerConnectionRelease.webrtcJavaVersion());
        assertTrue(PeerConnectionRelease.enabled());
    }

    @Test
    void afterCloseJavaHoldsTheLastReferenceAndReleasingItFreesTheConnection() {
        for (int i = 0; i < 3; i++) {
            RTCPeerConnection connection = factory.createPeerConnection(new RTCConfiguration(), IGNORE);
            long handle = PeerConnectionRelease.handleOf(connection);
            assertNotEquals(0, handle);
            connection.close();
            assertTrue(PeerConnectionRelease.release(handle), "the connection was freed");
        }
    }

    @Test
    void aZeroHandleIsNotReleased() {
        assertFalse(PeerConnectionRelease.release(0));
    }
}

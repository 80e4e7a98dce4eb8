package org.webtorrent4j.tracker.udp;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.webtorrent4j.tracker.TrackerException;

class UdpCodecFuzzTest {
    /** The tracker's packet decoder accepts or rejects with a typed error. */
    @FuzzTest(maxDuration = "30s")
    void decodeRequest(byte[] input) {
        try {
            UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(input));
        } catch (TrackerException expected) {
            // typed rejection
        }
    }

    /** The client's reply decoder accepts or rejects with a typed error, for both families. */
    @FuzzTest(maxDuration = "30s")
    void decodeReply(byte[] input) {
        for (boolean ipv6 : new boolean[] {false, true}) {
            try {
                UdpTrackerCodec.decodeReply(ByteBuffer.wrap(input), ipv6);
            } catch (TrackerException expected) {
                // typed rejection
            }
        }
    }
}

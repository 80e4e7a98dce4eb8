package org.webtorrent4j.tracker.ws;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.webtorrent4j.tracker.TrackerException;

class WsCodecFuzzTest {
    /** The tracker's JSON request parser accepts or rejects with a typed error; accepted input re-encodes. */
    @FuzzTest(maxDuration = "30s")
    void parseRequest(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            WsMessage m = WsMessageCodec.parseRequest(text);
            WsMessageCodec.parseRequest(WsMessageCodec.write(m));
        } catch (TrackerException expected) {
            // typed rejection
        }
    }

    /** The client's JSON reply parser accepts or rejects with a typed error. */
    @FuzzTest(maxDuration = "30s")
    void parseReply(byte[] input) {
        try {
            WsMessageCodec.parseReply(new String(input, StandardCharsets.UTF_8));
        } catch (TrackerException expected) {
            // typed rejection
        }
    }
}

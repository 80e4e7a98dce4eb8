package org.webtorrent4j.tracker.http;

import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.webtorrent4j.tracker.TrackerException;

class HttpCodecFuzzTest {
    /** The tracker's announce query parser accepts or rejects with a typed error, nothing else. */
    @FuzzTest(maxDuration = "30s")
    void announceQuery(byte[] input) {
        String q = new String(input, StandardCharsets.ISO_8859_1);
        try {
            HttpAnnounceQuery.parse(q);
        } catch (TrackerException expected) {
            // typed rejection
        }
        try {
            HttpAnnounceQuery.parseScrape(q, HttpAnnounceQuery.DEFAULT_MAX_QUERY_LENGTH, 100);
        } catch (TrackerException expected) {
            // typed rejection
        }
    }

    /** The client's response parsers accept or reject with a typed error. */
    @FuzzTest(maxDuration = "30s")
    void responses(byte[] input) {
        try {
            HttpTrackerResponses.decodeAnnounce(input);
        } catch (TrackerException expected) {
            // typed rejection
        }
        try {
            HttpTrackerResponses.decodeScrape(input);
        } catch (TrackerException expected) {
            // typed rejection
        }
    }
}

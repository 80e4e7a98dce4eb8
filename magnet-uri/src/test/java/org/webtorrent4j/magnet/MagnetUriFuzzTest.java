package org.webtorrent4j.magnet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

class MagnetUriFuzzTest {
    /** Any string either parses, and then its encoding parses to an equal value, or fails typed. */
    @FuzzTest(maxDuration = "30s")
    void parseRoundTripsOrFailsTyped(byte[] input) {
        String link = new String(input, StandardCharsets.UTF_8);
        MagnetUri parsed;
        try {
            parsed = MagnetUri.parse(link);
        } catch (InvalidMagnetUriException expected) {
            return;
        }
        String encoded = parsed.toString();
        MagnetUri again = MagnetUri.parse(encoded);
        assertEquals(parsed, again);
        assertEquals(encoded, again.toString());
    }
}

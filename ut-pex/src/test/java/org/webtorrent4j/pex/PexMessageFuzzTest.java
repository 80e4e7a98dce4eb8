package org.webtorrent4j.pex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeTypeException;

class PexMessageFuzzTest {
    /** Any payload decodes to a message that survives a round trip, or fails with a typed bencode error. */
    @FuzzTest(maxDuration = "30s")
    void decodeNeverFailsUntyped(byte[] input) {
        PexMessage m;
        try {
            m = PexMessage.decode(input);
        } catch (BencodeException | BencodeTypeException expected) {
            return;
        }
        assertEquals(m, PexMessage.decode(m.encode()));
    }
}

package org.webtorrent4j.metadata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeTypeException;

class MetadataMessageFuzzTest {
    /** Any payload decodes to a message that survives a round trip, or fails with a typed bencode error. */
    @FuzzTest(maxDuration = "30s")
    void decodeNeverFailsUntyped(byte[] input) {
        MetadataMessage m;
        try {
            m = MetadataMessage.decode(input);
        } catch (BencodeException | BencodeTypeException expected) {
            return;
        }
        MetadataMessage again = MetadataMessage.decode(m.encode());
        assertEquals(m.type(), again.type());
        assertEquals(m.piece(), again.piece());
        assertEquals(m.totalSize(), again.totalSize());
        assertArrayEquals(m.data(), again.data());
    }
}

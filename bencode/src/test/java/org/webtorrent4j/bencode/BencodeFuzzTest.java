package org.webtorrent4j.bencode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

class BencodeFuzzTest {
    /** Any input either decodes, and then re-encodes to a value that decodes equal, or fails typed. */
    @FuzzTest(maxDuration = "30s")
    void decodeNeverFailsUntyped(byte[] input) {
        Object value;
        try {
            value = Bencode.decode(input);
        } catch (BencodeException expected) {
            return;
        }
        byte[] encoded = Bencode.encode(value);
        assertArrayEquals(encoded, Bencode.encode(Bencode.decode(encoded)));
    }
}

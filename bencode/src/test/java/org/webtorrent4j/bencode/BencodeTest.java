package org.webtorrent4j.bencode;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BencodeTest {
    private static byte[] b(String s) {
        return s.getBytes(US_ASCII);
    }

    @Test
    void decodesEveryType() {
        Object v = Bencode.decode(b("d1:ai-42e1:bl3:xyzi0ee1:cdee"));
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(-42L, m.get("a"));
        List<?> list = (List<?>) m.get("b");
        assertArrayEquals(b("xyz"), (byte[]) list.get(0));
        assertEquals(0L, list.get(1));
        assertEquals(Map.of(), m.get("c"));
    }

    @Test
    void keepsInputOrderAndReportsTopLevelSpans() {
        byte[] data = b("d4:zzzzi1e4:infod1:xi2ee1:a0:e");
        BencodedDictionary dict = Bencode.decodeDictionary(data, BencodeLimits.DEFAULT);
        assertEquals(List.of("zzzz", "info", "a"), List.copyOf(dict.values().keySet()));
        assertEquals("d1:xi2ee", new String(dict.spans().get("info").copyOf(data), US_ASCII));
        assertEquals("0:", new String(dict.spans().get("a").copyOf(data), US_ASCII));
    }

    @Test
    void encodesCanonicallyAndRoundTrips() {
        byte[] data = b("d1:bi1e1:al1:xee");
        byte[] encoded = Bencode.encode(Bencode.decode(data));
        assertEquals("d1:al1:xe1:bi1ee", new String(encoded, US_ASCII));
        assertEquals(Long.MIN_VALUE, Bencode.decode(Bencode.encode(Long.MIN_VALUE)));
    }

    @Test
    void binaryKeysRoundTripExactly() {
        byte[] data = {'d', '1', ':', (byte) 0xff, 'i', '1', 'e', 'e'};
        assertArrayEquals(data, Bencode.encode(Bencode.decode(data)));
    }

    @Test
    void prefixLeavesTrailingData() {
        byte[] data = b("d8:msg_typei1eeRAWDATA");
        Decoded d = Bencode.decodePrefix(data, 0, data.length, BencodeLimits.DEFAULT);
        assertEquals(15, d.end());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "i", "ie", "i-e", "i-0e", "i03e", "i1.5e", "i99999999999999999999e",
        "i9223372036854775808e", "5:abc", "99999999999:x", "l", "d1:ae", "di1ei2ee", "d1:a0:1:a0:e", "e",
        "x", "i1ei2e", "-1:", "l1:a", "d1:a"})
    void rejectsMalformedInputWithTypedError(String input) {
        assertThrows(BencodeException.class, () -> Bencode.decode(b(input)));
    }

    @Test
    void boundsNestingWithoutRecursion() {
        byte[] deep = b("l".repeat(1_000_000) + "e".repeat(1_000_000));
        BencodeException e = assertThrows(BencodeException.class, () -> Bencode.decode(deep));
        assertTrue(e.getMessage().contains("nesting"), e.getMessage());
        assertEquals(List.of(List.of()), Bencode.decode(b("llee"), BencodeLimits.DEFAULT.withMaxDepth(2)));
        assertThrows(BencodeException.class, () -> Bencode.decode(b("lllee"), BencodeLimits.DEFAULT.withMaxDepth(2)));
    }

    @Test
    void boundsInputLength() {
        assertThrows(BencodeException.class, () -> Bencode.decode(b("4:abcd"), BencodeLimits.DEFAULT.withMaxInputLength(5)));
    }

    @Test
    void typedLookupsRejectWrongTypes() {
        Map<String, Object> m = Bencode.decodeDictionary(b("d1:ai1e1:b2:hie"));
        assertEquals(1L, BencodedDictionary.integer(m, "a"));
        assertEquals("hi", BencodedDictionary.string(m, "b"));
        assertEquals(null, BencodedDictionary.string(m, "missing"));
        assertThrows(BencodeTypeException.class, () -> BencodedDictionary.string(m, "a"));
    }
}

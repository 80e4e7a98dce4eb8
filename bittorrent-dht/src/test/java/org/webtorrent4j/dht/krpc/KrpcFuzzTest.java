package org.webtorrent4j.dht.krpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

class KrpcFuzzTest {
    /** Any packet either decodes to a message that re-encodes stably, or fails with KrpcException. */
    @FuzzTest(maxDuration = "60s")
    void decodeNeverFailsUntyped(byte[] packet) {
        KrpcMessage message;
        try {
            message = KrpcCodec.decode(packet);
        } catch (KrpcException expected) {
            return;
        }
        byte[] encoded = KrpcCodec.encode(message);
        assertArrayEquals(encoded, KrpcCodec.encode(KrpcCodec.decode(encoded)));
    }
}

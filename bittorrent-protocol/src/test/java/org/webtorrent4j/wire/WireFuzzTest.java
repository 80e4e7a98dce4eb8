package org.webtorrent4j.wire;

import org.webtorrent4j.testkit.TrackingAllocator;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

class WireFuzzTest {
    /**
     * Any bytes after a valid handshake, cut into chunks of a fuzzed size: the wire either parses
     * them or closes with a protocol-violation reason; it never throws and never leaks a buffer.
     */
    @FuzzTest(maxDuration = "60s")
    void parserNeverThrowsNorLeaks(byte[] input) {
        if (input.length == 0) return;
        int chunk = 1 + (input[0] & 0x3f);
        boolean knownPieces = (input[0] & 0x40) != 0;
        TrackingAllocator alloc = new TrackingAllocator();
        MemoryWireOutput out = new MemoryWireOutput(alloc);
        RecordingListener l = new RecordingListener() {
            @Override
            public void onRequest(Wire w, Request r) {
                w.piece(r.index(), r.begin(), alloc.buffer(r.length()).writeZero(r.length()));
            }

            @Override
            public void onHashRequest(Wire w, HashRequest r) {
                if ((r.index() & 1) == 0) {
                    w.hashes(r, new byte[32 * (r.length() + r.uncleCount())]);
                } else {
                    w.hashReject(r);
                }
            }
        };
        l.onEvent = (w, e) -> {
            if (e.equals("unchoke")) {
                w.request(0, 0, 16384);
                w.request(1, 0, 8);
            }
        };
        Wire w = new Wire(WireOptions.DEFAULT, out, l, 0);
        if (knownPieces) w.setNumPieces(100);
        w.handshake(WirePair.INFO_HASH, WirePair.ID_A);
        w.unchoke();
        w.receive(WireMessages.handshake(alloc, new Handshake(Handshake.reservedBits(true, true, true), WirePair.INFO_HASH, WirePair.ID_B)));
        for (int at = 1; at < input.length && !w.isClosed(); at += chunk) {
            w.receive(alloc.wrap(Arrays.copyOfRange(input, at, Math.min(input.length, at + chunk))));
        }
        if (l.closeReason != null) {
            assertTrue(l.closeReason.isProtocolViolation(), () -> "closed with " + l.closeReason + ": " + l.closeCause);
        }
        w.close();
        out.releaseAll();
        alloc.assertAllReleased();
    }

}

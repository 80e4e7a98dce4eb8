package org.webtorrent4j.wire;

import org.webtorrent4j.testkit.TrackingAllocator;

/** Two wires connected in memory: what one flushes, the other receives when {@link #pump} runs. */
final class WirePair {
    static final byte[] INFO_HASH = new byte[20];
    static final byte[] ID_A = "-WT0001-aaaaaaaaaaaa".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final byte[] ID_B = "-WT0001-bbbbbbbbbbbb".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        java.util.Arrays.fill(INFO_HASH, (byte) 0x5a);
    }

    final TrackingAllocator alloc = new TrackingAllocator();
    final MemoryWireOutput outA = new MemoryWireOutput(alloc);
    final MemoryWireOutput outB = new MemoryWireOutput(alloc);
    final RecordingListener listenerA = new RecordingListener();
    final RecordingListener listenerB = new RecordingListener();
    final Wire a;
    final Wire b;

    WirePair(WireOptions optionsA, WireOptions optionsB) {
        a = new Wire(optionsA, outA, listenerA, 0);
        b = new Wire(optionsB, outB, listenerB, 0);
        listenerB.acceptInfoHash = INFO_HASH;
        listenerB.peerId = ID_B;
    }

    WirePair() {
        this(WireOptions.DEFAULT, WireOptions.DEFAULT);
    }

    /** A dials B: handshakes and extended handshakes are exchanged. */
    WirePair connect() {
        a.handshake(INFO_HASH, ID_A);
        pump();
        return this;
    }

    /** Delivers until neither side has anything left to say. */
    void pump() {
        boolean moved = true;
        while (moved) {
            moved = outA.deliverTo(b) | outB.deliverTo(a);
        }
    }

    void closeAndCheckLeaks() {
        a.close();
        b.close();
        outA.releaseAll();
        outB.releaseAll();
        alloc.assertAllReleased();
    }
}

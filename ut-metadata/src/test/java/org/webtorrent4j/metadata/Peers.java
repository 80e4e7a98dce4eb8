package org.webtorrent4j.metadata;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.testkit.TrackingAllocator;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.MemoryWireOutput;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;

/** In-memory wires for extension tests: connections share one allocator whose leaks fail the test. */
final class Peers {
    static final byte[] ID_A = "-WT0001-aaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ID_B = "-WT0001-bbbbbbbbbbbb".getBytes(StandardCharsets.US_ASCII);

    final TrackingAllocator alloc = new TrackingAllocator();
    final List<Connection> connections = new ArrayList<>();

    /** One connection: a dials b. */
    final class Connection {
        final MemoryWireOutput outA = new MemoryWireOutput(alloc);
        final MemoryWireOutput outB = new MemoryWireOutput(alloc);
        final Map<Wire, CloseReason> closed = new LinkedHashMap<>();
        final Wire a;
        final Wire b;

        Connection(byte[] infoHash, Consumer<Wire> setupA, Consumer<Wire> setupB) {
            WireListener record = new WireListener() {
                @Override
                public void onInfoHash(Wire w, byte[] hash) {
                    w.handshake(hash, ID_B);
                }

                @Override
                public void onClose(Wire w, CloseReason reason, Throwable cause) {
                    closed.put(w, reason);
                }
            };
            a = new Wire(WireOptions.DEFAULT, outA, record, 0);
            b = new Wire(WireOptions.DEFAULT, outB, record, 0);
            setupA.accept(a);
            setupB.accept(b);
            a.handshake(java.util.Arrays.copyOf(infoHash, 20), ID_A);
            connections.add(this);
        }

        void tick(long now) {
            a.tick(now);
            b.tick(now);
        }
    }

    Connection connect(byte[] infoHash, Consumer<Wire> setupA, Consumer<Wire> setupB) {
        return new Connection(infoHash, setupA, setupB);
    }

    /** Delivers on every connection until all are quiet. */
    void pump() {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Connection c : connections) {
                moved |= c.outA.deliverTo(c.b) | c.outB.deliverTo(c.a);
            }
        }
    }

    void closeAndCheckLeaks() {
        for (Connection c : connections) {
            c.a.close();
            c.b.close();
            c.outA.releaseAll();
            c.outB.releaseAll();
        }
        alloc.assertAllReleased();
    }

    /** A bencoded info dictionary of about {@code pieces * 20} bytes. */
    static byte[] infoDictionary(int pieces, long seed) {
        byte[] hashes = new byte[pieces * 20];
        new Random(seed).nextBytes(hashes);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("length", (long) pieces * 16384);
        info.put("name", "test.bin");
        info.put("piece length", 16384L);
        info.put("pieces", hashes);
        return Bencode.encode(info);
    }

    static byte[] hash(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.webtorrent4j.wire;

import org.webtorrent4j.testkit.TrackingAllocator;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Two wires in memory, a seeder and a leecher, move a whole small torrent and verify each piece. */
class WireExchangeTest {
    private static final int PIECE_LENGTH = 32 * 1024;
    private static final int BLOCK = 16 * 1024;

    @Test
    void leecherDownloadsAndVerifiesEveryPiece() throws Exception {
        byte[] content = new byte[5 * PIECE_LENGTH - 1000];
        new Random(7).nextBytes(content);
        int numPieces = (content.length + PIECE_LENGTH - 1) / PIECE_LENGTH;
        byte[][] hashes = new byte[numPieces][];
        for (int i = 0; i < numPieces; i++) {
            hashes[i] = sha1(content, i * PIECE_LENGTH, pieceLength(content, i));
        }

        TrackingAllocator alloc = new TrackingAllocator();
        MemoryWireOutput leechOut = new MemoryWireOutput(alloc);
        MemoryWireOutput seedOut = new MemoryWireOutput(alloc);
        byte[] received = new byte[content.length];
        BitSet verified = new BitSet();
        Deque<Request> toRequest = new ArrayDeque<>();
        for (int i = 0; i < numPieces; i++) {
            for (int begin = 0; begin < pieceLength(content, i); begin += BLOCK) {
                toRequest.add(new Request(i, begin, Math.min(BLOCK, pieceLength(content, i) - begin)));
            }
        }
        RecordingListener leecher = new RecordingListener() {
            @Override
            public void onPiece(Wire w, int index, int begin, ByteBuf block) {
                block.readBytes(received, index * PIECE_LENGTH + begin, block.readableBytes());
                block.release();
                int length = pieceLength(content, index);
                if (w.ourRequests().stream().noneMatch(r -> r.index() == index) && toRequest.stream().noneMatch(r -> r.index() == index)) {
                    if (java.util.Arrays.equals(hashes[index], sha1(received, index * PIECE_LENGTH, length))) {
                        verified.set(index);
                        w.have(index);
                    }
                }
                fill(w);
            }

            @Override
            public void onUnchoke(Wire w) {
                fill(w);
            }

            @Override
            public void onHaveAll(Wire w) {
                w.interested();
            }

            private void fill(Wire w) {
                while (w.ourRequests().size() < 4 && !toRequest.isEmpty()) {
                    w.request(toRequest.peek().index(), toRequest.peek().begin(), toRequest.poll().length());
                }
            }
        };
        // Seeder: accepts the torrent, announces every piece, unchokes an interested peer, serves slices.
        RecordingListener seeder = new RecordingListener();
        seeder.acceptInfoHash = WirePair.INFO_HASH;
        seeder.onEvent = (w, e) -> {
            if (e.startsWith("handshake")) {
                w.setNumPieces(numPieces);
                BitSet all = new BitSet();
                all.set(0, numPieces);
                w.bitfield(all, numPieces);
            } else if (e.equals("interested")) {
                w.unchoke();
            } else if (e.startsWith("request ")) {
                Request r = w.peerRequests().iterator().next();
                w.piece(r.index(), r.begin(), alloc.wrap(content, r.index() * PIECE_LENGTH + r.begin(), r.length()));
            }
        };
        Wire seed = new Wire(WireOptions.DEFAULT, seedOut, seeder, 0);
        Wire leech = new Wire(WireOptions.DEFAULT, leechOut, leecher, 0);
        leech.setNumPieces(numPieces);
        leech.handshake(WirePair.INFO_HASH, WirePair.ID_A);
        boolean moved = true;
        while (moved) {
            moved = leechOut.deliverTo(seed) | seedOut.deliverTo(leech);
        }
        assertNull(leecher.closeReason);
        assertEquals(numPieces, verified.cardinality());
        assertArrayEquals(content, received);
        assertEquals(content.length, leech.downloadedBytes());
        assertEquals(content.length, seed.uploadedBytes());
        assertEquals(numPieces, seed.peerPieces().cardinality());
        leech.close();
        seed.close();
        leechOut.releaseAll();
        seedOut.releaseAll();
        alloc.assertAllReleased();
    }

    private static int pieceLength(byte[] content, int index) {
        return Math.min(PIECE_LENGTH, content.length - index * PIECE_LENGTH);
    }

    private static byte[] sha1(byte[] data, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(data, offset, length);
            return md.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

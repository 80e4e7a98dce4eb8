package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.TorrentFile;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.HashRequest;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireMessages;
import org.webtorrent4j.wire.WireOptions;
import org.webtorrent4j.wire.WireOutput;

/** What a seeder answers to hash requests: hashes from its piece layers, a reject for the rest. */
class HashServerTest {
    private final Torrent torrent = TestTorrents.v2Fixture();
    private final byte[] aRoot = torrent.userFiles().stream().filter(f -> f.name().equals("a.bin"))
            .findFirst().map(TorrentFile::piecesRoot).orElseThrow();
    private final Recorder out = new Recorder();
    private final Wire wire = handshaken(out);
    private final HashServer server = new HashServer(torrent);

    @Test
    void answersAtAndAboveThePieceLayerAndRejectsTheRest() {
        server.answer(wire, new HashRequest(aRoot, 1, 0, 4, 1)); // a.bin: 4 pieces of 2 blocks
        server.answer(wire, new HashRequest(aRoot, 1, 2, 2, 1));
        server.answer(wire, new HashRequest(aRoot, 0, 0, 2, 0)); // block hashes: not kept
        server.answer(wire, new HashRequest(new byte[32], 1, 0, 2, 0)); // no such file
        server.answer(wire, new HashRequest(aRoot, 1, 0, 2, 2)); // past the root
        assertEquals(List.of("hashes 4", "hashes 3", "reject", "reject", "reject"), out.messages);
    }

    @Test
    void rejectsWhileTheConnectionIsBackedUp() {
        out.writable = false;
        server.answer(wire, new HashRequest(aRoot, 1, 0, 4, 1));
        assertEquals(List.of("reject"), out.messages);
    }

    private static Wire handshaken(WireOutput out) {
        byte[] infoHash = new byte[20];
        Wire w = new Wire(WireOptions.DEFAULT, out, new WireListener() {}, 0);
        w.handshake(infoHash, new byte[20]);
        w.receive(WireMessages.handshake(out.alloc(), new Handshake(new byte[8], infoHash, new byte[20])));
        return w;
    }

    /** Keeps the hash messages the wire sends: "hashes N" (N hashes) or "reject". */
    private static final class Recorder implements WireOutput {
        final List<String> messages = new ArrayList<>();
        boolean writable = true;

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public void write(ByteBuf m) {
            try {
                int id = m.readableBytes() > 4 ? m.getByte(m.readerIndex() + 4) : -1;
                if (id == WireMessages.HASHES) {
                    messages.add("hashes " + (m.readableBytes() - 5 - HashRequest.BODY_LENGTH) / 32);
                } else if (id == WireMessages.HASH_REJECT) {
                    messages.add("reject");
                }
            } finally {
                m.release();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        @Override
        public boolean isWritable() {
            return writable;
        }
    }
}

package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.DefaultEventLoop;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.swarm.PeerLink;
import org.webtorrent4j.torrent.PieceLayerTree;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.TorrentFile;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.HashRequest;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireMessages;
import org.webtorrent4j.wire.WireOptions;
import org.webtorrent4j.wire.WireOutput;

/** Which peer is asked for which chunk of a piece layer, and what happens on a reject or a lie. */
class PieceLayerFetchTest {
    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final Torrent full = TestTorrents.v2Fixture();
    private final Torrent bare = Torrent.parse("magnet:?xt=urn:btmh:1220" + full.infoHashV2().orElseThrow().hex())
            .withMetadata(full.rawInfo());

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aRejectedChunkIsAskedOfAnotherPeer() throws Exception {
        PieceLayerFetch fetch = startedFetch();
        FakePeer a = new FakePeer(1);
        fetch.addPeer(a.link);
        HashRequest first = a.next();
        HashRequest second = a.next(); // two files of several pieces: two requests, both to the only peer
        FakePeer b = new FakePeer(2);
        fetch.addPeer(b.link);
        fetch.onHashReject(a.link, first);
        assertEquals(first, b.next());
        fetch.onHashes(a.link, second, answer(second));
        fetch.onHashes(b.link, first, answer(first));
        Torrent complete = fetch.future().get(5, TimeUnit.SECONDS);
        assertTrue(complete.hasPieceHashes());
        for (TorrentFile f : full.userFiles()) {
            assertEquals(full.pieceLayer(f.piecesRoot()).map(Arrays::toString), complete.pieceLayer(f.piecesRoot()).map(Arrays::toString));
        }
    }

    @Test
    void aPeerWhoseHashesDoNotProveOutIsDroppedAndAnotherAsked() throws Exception {
        PieceLayerFetch fetch = startedFetch();
        FakePeer liar = new FakePeer(1);
        fetch.addPeer(liar.link);
        HashRequest first = liar.next();
        HashRequest second = liar.next();
        byte[] wrong = answer(first);
        wrong[0] ^= 1;
        fetch.onHashes(liar.link, first, wrong);
        FakePeer honest = new FakePeer(2);
        fetch.addPeer(honest.link);
        HashRequest again = honest.next();
        HashRequest other = honest.next();
        assertTrue(liar.closed(), "the liar's connection is closed");
        assertEquals(Set.of(first, second), Set.of(again, other), "both chunks move to the honest peer");
        fetch.onHashes(honest.link, again, answer(again));
        fetch.onHashes(honest.link, other, answer(other));
        assertTrue(fetch.future().get(5, TimeUnit.SECONDS).hasPieceHashes());
        assertNull(liar.asked.poll(), "never asked again");
    }

    @Test
    void aChunkNoConnectedPeerGivesIsWarnedOfOnceUntilAChunkArrives() throws Exception {
        BlockingQueue<String> warnings = new LinkedBlockingQueue<>();
        PieceLayerFetch fetch = startedFetch(warnings::add);
        FakePeer a = new FakePeer(1);
        fetch.addPeer(a.link);
        HashRequest first = a.next();
        HashRequest second = a.next();
        fetch.onHashReject(a.link, first);
        String w = warnings.poll(5, TimeUnit.SECONDS);
        assertNotNull(w, "a warning once the only peer refused a chunk");
        assertTrue(w.contains("no connected peer (of 1) gives 1 of the 2 chunks"), w);
        fetch.onHashReject(a.link, second);
        loop.submit(() -> {}).syncUninterruptibly();
        assertNull(warnings.poll(), "the same stall is not warned of again");

        FakePeer b = new FakePeer(2);
        fetch.addPeer(b.link);
        Set<HashRequest> toB = Set.of(b.next(), b.next());
        assertEquals(Set.of(first, second), toB);
        fetch.onHashes(b.link, first, answer(first)); // progress
        fetch.onHashReject(b.link, second); // and now nobody gives the second chunk
        w = warnings.poll(5, TimeUnit.SECONDS);
        assertNotNull(w, "a new stall after progress is warned of");
        assertTrue(w.contains("no connected peer (of 2) gives 1 of the 2 chunks"), w);
        assertFalse(fetch.future().isDone());
    }

    @Test
    void cancellingStopsTheFetch() {
        PieceLayerFetch fetch = startedFetch();
        fetch.cancel();
        assertTrue(fetch.future().handle((t, e) -> e).join() instanceof java.util.concurrent.CancellationException);
        FakePeer late = new FakePeer(1);
        fetch.addPeer(late.link);
        loop.submit(() -> {}).syncUninterruptibly(); // the peer is taken, then any request would be sent:
        loop.submit(() -> {}).syncUninterruptibly(); // two rounds of the loop
        assertTrue(late.asked.isEmpty(), "nothing is asked once cancelled");
    }

    private PieceLayerFetch startedFetch() {
        return startedFetch(w -> {});
    }

    private PieceLayerFetch startedFetch(Consumer<String> warnings) {
        PieceLayerFetch fetch = new PieceLayerFetch(bare, loop, warnings);
        fetch.start();
        return fetch;
    }

    private byte[] answer(HashRequest r) {
        TorrentFile f = full.userFiles().stream().filter(x -> Arrays.equals(x.piecesRoot(), r.piecesRoot())).findFirst().orElseThrow();
        PieceLayerTree tree = PieceLayerTree.of(full.pieceLayer(f.piecesRoot()).orElseThrow(), f.length(), full.pieceLength());
        return tree.answer(r.baseLayer(), r.index(), r.length(), r.proofLayers()).orElseThrow();
    }

    /** A handshaken wire on the test's loop whose outgoing hash requests are recorded. */
    private final class FakePeer implements WireOutput {
        final BlockingQueue<HashRequest> asked = new LinkedBlockingQueue<>();
        final PeerLink link;
        private volatile boolean closed;

        FakePeer(int id) {
            byte[] infoHash = bare.swarmInfoHash();
            byte[] peerId = new byte[20];
            Arrays.fill(peerId, (byte) id);
            Wire wire = new Wire(WireOptions.DEFAULT, this, new WireListener() {}, 0);
            link = new PeerLink(wire, new InetSocketAddress("127.0.0.1", 6880 + id), false, loop);
            loop.submit(() -> {
                wire.handshake(infoHash, new byte[20]);
                wire.receive(WireMessages.handshake(alloc(), new Handshake(Handshake.reservedBits(true, true, false), infoHash, peerId)));
            }).syncUninterruptibly();
        }

        HashRequest next() throws InterruptedException {
            HashRequest r = asked.poll(5, TimeUnit.SECONDS);
            assertNotNull(r, "a hash request");
            return r;
        }

        boolean closed() {
            return loop.submit(() -> closed).syncUninterruptibly().getNow();
        }

        @Override
        public ByteBufAllocator alloc() {
            return ByteBufAllocator.DEFAULT;
        }

        @Override
        public void write(ByteBuf m) {
            try {
                if (m.readableBytes() == 5 + HashRequest.BODY_LENGTH && m.getByte(m.readerIndex() + 4) == WireMessages.HASH_REQUEST) {
                    int at = m.readerIndex() + 5;
                    asked.add(new HashRequest(ByteBufUtil.getBytes(m, at, 32), m.getInt(at + 32), m.getInt(at + 36),
                            m.getInt(at + 40), m.getInt(at + 44)));
                }
            } finally {
                m.release();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public boolean isWritable() {
            return true;
        }
    }
}

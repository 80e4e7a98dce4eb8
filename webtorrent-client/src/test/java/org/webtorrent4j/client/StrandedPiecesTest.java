package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.WireMessages;

/** Partial pieces whose only source left must not hold the download up for good. */
class StrandedPiecesTest {
    private static final int PIECE = 16 << 20; // four partial pieces fill the 64 MiB buffer budget

    @TempDir
    Path tmp;

    /** Four of them hold the whole budget: the seeder's piece is the one allowed beyond it. */
    @Test
    void piecesWhoseOnlySourceLeftDoNotStopNewOnes() throws Exception {
        strandThenFetchTheLast(4);
    }

    /**
     * Five hold more than the budget and the one piece beyond (pieces are counted when their first
     * block arrives, so a fifth can start): those no connected peer has are given up.
     */
    @Test
    void piecesPastTheBudgetWhoseSourcesLeftAreGivenUp() throws Exception {
        strandThenFetchTheLast(5);
    }

    /** Each of pieces 0 to n-1 gets one block from a peer that then leaves; piece n must still come. */
    private void strandThenFetchTheLast(int stranded) throws Exception {
        byte[] data = TestTorrents.random((stranded + 1) * PIECE, 41);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(seedDir, "big.bin", PIECE, List.of(new Content("big.bin", data)));
        byte[] onlyTheLast = new byte[data.length]; // the seeder has the last piece alone
        System.arraycopy(data, stranded * PIECE, onlyTheLast, stranded * PIECE, PIECE);
        Files.write(seedDir.resolve("big.bin"), onlyTheLast);
        List<OneBlockPeer> leaving = new ArrayList<>();
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir);
                WebTorrent leecher = LoopbackSwarmTest.client(Files.createDirectories(tmp.resolve("leech")))) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(60, TimeUnit.SECONDS);
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (int piece = 0; piece < stranded; piece++) {
                OneBlockPeer peer = new OneBlockPeer(torrent, piece, data);
                leaving.add(peer);
                addresses.add(peer.address());
            }
            TorrentHandle h = leecher.add(torrent, AddOptions.builder().peers(addresses).build());
            for (OneBlockPeer peer : leaving) {
                assertTrue(peer.served.await(30, TimeUnit.SECONDS), "each stranded piece got one block, then its source left");
            }
            h.addPeers(List.of(seeder.listenAddress()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!h.verifiedPieces().get(stranded) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(h.verifiedPieces().get(stranded), "the last piece came although the partial pieces hold the budget");
        } finally {
            for (OneBlockPeer peer : leaving) {
                peer.close();
            }
        }
    }

    /** A peer that has one piece, answers the first request with its block, then hangs up. */
    private static final class OneBlockPeer implements AutoCloseable {
        final CountDownLatch served = new CountDownLatch(1);
        private final ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());

        OneBlockPeer(Torrent torrent, int piece, byte[] data) throws IOException {
            Thread t = new Thread(() -> serve(torrent, piece, data), "one-block-peer-" + piece);
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        private void serve(Torrent torrent, int piece, byte[] data) {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                in.readFully(new byte[Handshake.LENGTH]);
                byte[] peerId = new byte[20];
                peerId[0] = (byte) (piece + 1);
                ByteBuf handshake = WireMessages.handshake(UnpooledByteBufAllocator.DEFAULT,
                        new Handshake(new byte[8], torrent.swarmInfoHash(), peerId));
                try {
                    out.write(ByteBufUtil.getBytes(handshake));
                } finally {
                    handshake.release();
                }
                byte[] bitfield = new byte[(torrent.pieceCount() + 7) / 8];
                bitfield[piece / 8] |= (byte) (0x80 >>> (piece % 8));
                out.writeInt(1 + bitfield.length);
                out.writeByte(WireMessages.BITFIELD);
                out.write(bitfield);
                out.writeInt(1);
                out.writeByte(WireMessages.UNCHOKE);
                out.flush();
                while (true) {
                    byte[] message = new byte[in.readInt()];
                    in.readFully(message);
                    if (message.length == 13 && message[0] == WireMessages.REQUEST) {
                        ByteBuffer r = ByteBuffer.wrap(message, 1, 12);
                        int index = r.getInt();
                        int begin = r.getInt();
                        int length = r.getInt();
                        out.writeInt(9 + length);
                        out.writeByte(WireMessages.PIECE);
                        out.writeInt(index);
                        out.writeInt(begin);
                        out.write(data, index * PIECE + begin, length);
                        out.flush();
                        served.countDown();
                        return; // and hang up, the rest of the piece never to come
                    }
                }
            } catch (IOException e) {
                // the leecher hung up first: the test then fails on the latch
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}

package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.client.storage.ResumeData;
import org.webtorrent4j.client.storage.ResumeFile;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.wire.Request;

class BadAndPartialPeersTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aSeederOfCorruptBlocksIsBannedAndTheDownloadCompletes() throws Exception {
        byte[] data = TestTorrents.random(40 * PIECE + 99, 5);
        Path goodDir = Files.createDirectories(tmp.resolve("good"));
        Path evilDir = Files.createDirectories(tmp.resolve("evil"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(goodDir, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        // The evil seeder has every piece corrupted, and a resume record that vouches for all of them,
        // so it serves bad blocks while claiming to be a seed.
        byte[] corrupt = data.clone();
        for (int i = 100; i < corrupt.length; i += PIECE) {
            corrupt[i] ^= 0x5a;
        }
        Files.write(evilDir.resolve("data.bin"), corrupt);
        BitSet all = new BitSet();
        all.set(0, torrent.pieceCount());
        new ResumeFile(evilDir.resolve(".webtorrent4j").resolve(torrent.infoHashV1().orElseThrow().hex() + ".resume"))
                .save(new ResumeData(torrent.pieceCount(), all, List.of(ResumeFile.stamp(evilDir.resolve("data.bin")),
                        ResumeData.FileStamp.ABSENT))); // the file, then the part file (none)

        List<InetSocketAddress> banned = new CopyOnWriteArrayList<>();
        try (WebTorrent good = LoopbackSwarmTest.client(goodDir); WebTorrent evil = LoopbackSwarmTest.client(evilDir);
                WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            good.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle evilHandle = evil.add(torrent, AddOptions.defaults());
            evilHandle.ready().get(30, TimeUnit.SECONDS);
            assertTrue(evilHandle.done().isDone(), "the evil seeder trusts its forged resume record");
            TorrentHandle leech = leecher.add(torrent, AddOptions.builder()
                    .peers(List.of(evil.listenAddress())).build());
            leech.addListener(new TorrentListener() {
                @Override
                public void onPeerBanned(InetSocketAddress peer) {
                    banned.add(peer);
                    leech.addPeers(List.of(good.listenAddress()));
                }
            });
            leech.done().get(120, TimeUnit.SECONDS);
        }
        assertEquals(1, banned.size(), "the evil seeder is banned");
        assertArrayEquals(data, Files.readAllBytes(leechDir.resolve("data.bin")));
    }

    @Test
    void aLeecherCollectsPiecesFromSeveralPartialSeeders() throws Exception {
        byte[] data = TestTorrents.random(30 * PIECE + 7, 6);
        Path full = Files.createDirectories(tmp.resolve("full"));
        Torrent torrent = TestTorrents.write(full, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        List<Path> partialDirs = new ArrayList<>();
        int[] held = new int[3];
        for (int k = 0; k < 3; k++) {
            // Seeder k holds only the pieces p with p % 3 == k; the rest of its file is zeros.
            byte[] part = new byte[data.length];
            for (int p = k; p < torrent.pieceCount(); p += 3) {
                int from = p * PIECE;
                System.arraycopy(data, from, part, from, Math.min(PIECE, data.length - from));
                held[k]++;
            }
            Path dir = Files.createDirectories(tmp.resolve("partial" + k));
            Files.write(dir.resolve("data.bin"), part);
            partialDirs.add(dir);
        }
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        List<WebTorrent> seeders = new ArrayList<>();
        try (WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            List<InetSocketAddress> addresses = new ArrayList<>();
            for (int k = 0; k < partialDirs.size(); k++) {
                Path dir = partialDirs.get(k);
                WebTorrent seeder = LoopbackSwarmTest.client(dir);
                seeders.add(seeder);
                TorrentHandle h = seeder.add(torrent, AddOptions.defaults());
                h.ready().get(30, TimeUnit.SECONDS);
                assertEquals(held[k], h.verifiedPieces().cardinality(), "the start-up check finds its third of the pieces");
                addresses.add(seeder.listenAddress());
            }
            TorrentHandle leech = leecher.add(torrent, AddOptions.builder().peers(addresses).build());
            leech.done().get(120, TimeUnit.SECONDS);
        } finally {
            seeders.forEach(WebTorrent::close);
        }
        assertArrayEquals(data, Files.readAllBytes(leechDir.resolve("data.bin")));
    }

    /**
     * A request reaching past the end of its piece (here the short last piece) gets the peer
     * disconnected; it once failed the whole torrent, whose read of those bytes threw.
     */
    @Test
    void aRequestPastThePiecesEndClosesThatPeerOnly() throws Exception {
        byte[] data = TestTorrents.random(4 * PIECE + 99, 8);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(seedDir, "data.bin", PIECE, List.of(new Content("data.bin", data)));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir);
                WebTorrent leecher = LoopbackSwarmTest.client(Files.createDirectories(tmp.resolve("leech")))) {
            TorrentHandle seeding = seeder.add(torrent, AddOptions.defaults());
            seeding.addListener(new TorrentListener() {
                @Override
                public void onError(Throwable error) {
                    errors.add(error);
                }
            });
            seeding.ready().get(30, TimeUnit.SECONDS);
            try (RawPeer raw = new RawPeer(seeder.listenAddress(), torrent.swarmInfoHash())) {
                raw.interestedUntilUnchoked();
                raw.request(new Request(torrent.pieceCount() - 1, 0, 16 * 1024));
                assertEquals(-1, raw.drain(), "the seeder hung up on the peer");
            }
            TorrentHandle leech = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            leech.done().get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), errors, "the torrent goes on");
        }
    }
}

package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.swarm.SwarmOptions;
import org.webtorrent4j.torrent.Torrent;

/** Our seeders and leechers on loopback, in one JVM. */
class LoopbackSwarmTest {
    @TempDir
    Path tmp;

    static ClientOptions.Builder options(Path dir) {
        return ClientOptions.builder()
                .downloadDir(dir)
                .ioThreads(2)
                .hashThreads(2)
                .dht(false)
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build());
    }

    static WebTorrent client(Path dir) {
        return new WebTorrent(options(dir).build());
    }

    private static void await(TorrentHandle handle) throws Exception {
        handle.done().get(120, TimeUnit.SECONDS);
    }

    @Test
    void seedsASingleFileTorrentToALeecher() throws Exception {
        byte[] data = TestTorrents.random(3 * 1024 * 1024 + 12345, 1);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "single.bin", 256 * 1024, List.of(new Content("single.bin", data)));
        try (WebTorrent seeder = client(seedDir); WebTorrent leecher = client(leechDir)) {
            TorrentHandle seed = seeder.add(torrent, AddOptions.defaults());
            seed.ready().get(30, TimeUnit.SECONDS);
            assertTrue(seed.done().isDone(), "the seeder has every piece");
            TorrentHandle leech = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            await(leech);
            assertEquals(1.0, leech.progress());
        }
        assertArrayEquals(data, Files.readAllBytes(leechDir.resolve("single.bin")));
    }

    /** A peer given by host name is resolved off the caller's thread, then dialed. */
    @Test
    void dialsAPeerGivenByHostName() throws Exception {
        byte[] data = TestTorrents.random(512 * 1024, 2);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "named.bin", 64 * 1024, List.of(new Content("named.bin", data)));
        try (WebTorrent seeder = client(seedDir); WebTorrent leecher = client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            // "localhost" comes from the hosts file: no name server is asked.
            InetSocketAddress byName = InetSocketAddress.createUnresolved("localhost", seeder.listenAddress().getPort());
            TorrentHandle leech = leecher.add(torrent, AddOptions.builder().peers(List.of(byName)).build());
            await(leech);
        }
        assertArrayEquals(data, Files.readAllBytes(leechDir.resolve("named.bin")));
    }

    @Test
    void seedsAMultiFileTorrentToFiveLeechers() throws Exception {
        List<Content> files = List.of(
                new Content("a/first.bin", TestTorrents.random(700_000, 2)),
                new Content("empty.txt", new byte[0]),
                new Content("b/c/second.bin", TestTorrents.random(1_500_001, 3)),
                new Content("third.bin", TestTorrents.random(5, 4)));
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(seedDir, "multi", 64 * 1024, files);
        List<WebTorrent> leechers = new ArrayList<>();
        try (WebTorrent seeder = client(seedDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            List<TorrentHandle> handles = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                WebTorrent leecher = client(Files.createDirectories(tmp.resolve("leech" + i)));
                leechers.add(leecher);
                handles.add(leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build()));
            }
            for (TorrentHandle h : handles) {
                await(h);
            }
        } finally {
            leechers.forEach(WebTorrent::close);
        }
        for (int i = 0; i < 5; i++) {
            for (Content f : files) {
                assertArrayEquals(f.data(), Files.readAllBytes(tmp.resolve("leech" + i).resolve("multi").resolve(f.path())),
                        "leecher " + i + ": " + f.path());
            }
        }
    }
}

package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.torrent.Torrent;

/** {@link WebTorrent#close()} as a command line calls it: from a shutdown hook and again on the way out. */
class WebTorrentCloseTest {
    @TempDir
    Path tmp;

    @Test
    void closingTwiceAndFromTwoThreadsAtOnceIsQuietAndReleasesThePort() throws Exception {
        Torrent torrent = TestTorrents.write(tmp, "a.bin", 16 * 1024, List.of(new Content("a.bin", TestTorrents.random(100_000, 1))));
        WebTorrent client = LoopbackSwarmTest.client(tmp);
        client.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
        InetSocketAddress port = client.listenAddress();

        CompletableFuture<Void> hook = CompletableFuture.runAsync(client::close);
        assertDoesNotThrow(client::close);
        hook.get(30, TimeUnit.SECONDS);
        assertDoesNotThrow(client::close, "a later close is a no-op");

        assertTrue(client.torrents().isEmpty());
        try (ServerSocket again = new ServerSocket(port.getPort(), 1, port.getAddress())) {
            assertTrue(again.isBound(), "the listening port is free again");
        }
        assertTrue(Files.exists(tmp.resolve("a.bin")), "closing keeps the data");
    }

    @Test
    void aListenerMayCloseTheClientWhenItsDownloadIsDone() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = TestTorrents.write(seedDir, "a.bin", 16 * 1024, List.of(new Content("a.bin", TestTorrents.random(100_000, 2))));
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            WebTorrent leecher = LoopbackSwarmTest.client(leechDir);
            CompletableFuture<Void> returned = new CompletableFuture<>();
            TorrentHandle handle = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            handle.addListener(new TorrentListener() {
                @Override
                public void onDone() {
                    try {
                        leecher.close(); // on the leecher's own loop: starts closing and returns
                        returned.complete(null);
                    } catch (RuntimeException e) {
                        returned.completeExceptionally(e);
                    }
                }
            });
            returned.get(60, TimeUnit.SECONDS);
            leecher.closeAsync().get(60, TimeUnit.SECONDS);
            assertTrue(leecher.torrents().isEmpty());
            assertDoesNotThrow(leecher::close);
        }
        assertTrue(Files.exists(leechDir.resolve("a.bin")));
    }
}

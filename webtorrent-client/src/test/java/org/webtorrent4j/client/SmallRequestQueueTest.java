package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.swarm.SwarmOptions;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.wire.WireLimits;
import org.webtorrent4j.wire.WireOptions;

/** A leecher never keeps more requests in flight than its peer says it queues (BEP 10 reqq). */
class SmallRequestQueueTest {
    @TempDir
    Path tmp;

    /** Our own seeder, told to queue 4, closes a peer that sends more (TOO_MANY_REQUESTS). */
    @Test
    void downloadsFromASeederThatQueuesFour() throws Exception {
        downloadFromASeederQueueing(4);
    }

    private void downloadFromASeederQueueing(int reqq) throws Exception {
        byte[] data = TestTorrents.random(1024 * 1024, 7);
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = TestTorrents.write(seedDir, "f.bin", 256 * 1024, List.of(new Content("f.bin", data)));
        WireOptions smallQueue = WireOptions.builder()
                .limits(WireOptions.DEFAULT.limits().toBuilder().maxPeerRequests(reqq).build()).build();
        ClientOptions.Builder seedOptions = LoopbackSwarmTest.options(seedDir)
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .wireOptions(smallQueue).build());
        try (WebTorrent seeder = new WebTorrent(seedOptions.build());
                WebTorrent leecher = LoopbackSwarmTest.client(Files.createDirectories(tmp.resolve("leech" + reqq)))) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle leech = leecher.add(torrent, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            leech.done().get(60, TimeUnit.SECONDS);
        }
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("leech" + reqq).resolve("f.bin")));
    }
}

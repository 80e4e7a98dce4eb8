package org.webtorrent4j.tracker.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.client.TrackerClient;
import org.webtorrent4j.tracker.client.TrackerClientOptions;
import org.webtorrent4j.tracker.client.TransferStats;

/** Our client against Debian's opentracker (whitelist mode), over UDP and HTTP. */
@Tag("interop")
class OpentrackerInteropTest {
    static final TrackerPeer SEEDER = new TrackerPeer(new InetSocketAddress("127.0.0.1", 7101), null);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"udp", "http"})
    void announceScrapeAndWhitelist(String protocol) throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Path binary = Interop.assumeBinary("opentracker");
        Id20 allowed = Id20.random();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = dir.resolve("whitelist");
        Files.writeString(whitelist, allowed.hex() + "\n");
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        int port = Interop.freePort();
        boolean root = "root".equals(System.getProperty("user.name"));
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(), "-i", "127.0.0.1", "-p",
                String.valueOf(port), "-P", String.valueOf(port), "-d", dir.toString(), "-w", "whitelist"));
        if (root) {
            command.addAll(List.of("-u", "_opentracker"));
        }
        try (RunningProcess tracker = RunningProcess.start(command, dir)) {
            tracker.awaitTcpPort(port, Duration.ofSeconds(20));
            String url = protocol.equals("udp") ? "udp://127.0.0.1:" + port : "http://127.0.0.1:" + port + "/announce";
            try (TrackerClient seeder = client(allowed, url, 7101, 0);
                    TrackerClient leecher = client(allowed, url, 7102, 1000)) {
                AnnounceResponse first = announceOnceWhitelistIsLoaded(seeder);
                assertTrue(first.interval() > 0);
                AnnounceResponse second = leecher.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                // opentracker hands the announcing peer back to itself too
                assertTrue(second.peers().contains(SEEDER), second.peers().toString());
                assertEquals(1, second.complete());
                assertEquals(1, second.incomplete());
                ScrapeStats stats = leecher.scrape().get(30, TimeUnit.SECONDS).files().get(allowed);
                assertEquals(1, stats.complete());
                assertEquals(1, stats.incomplete());
                seeder.stop().get(30, TimeUnit.SECONDS);
                assertTrue(!leecher.announce(AnnounceEvent.NONE).get(30, TimeUnit.SECONDS).peers().contains(SEEDER));
            }
            try (TrackerClient refused = client(Id20.random(), url, 7103, 1)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> refused.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS));
                if (protocol.equals("http")) {
                    assertInstanceOf(TrackerFailureException.class, e.getCause().getCause(), e.toString());
                } else {
                    // opentracker silently drops UDP announces of torrents off its whitelist
                    assertTrue(e.getCause().getMessage().contains("did not answer"), e.toString());
                }
            }
        }
    }

    /**
     * opentracker reads its whitelist on a thread of its own, after its ports are open: an
     * announce that comes first is refused as "not authorized" (seen once in CI over HTTP).
     */
    private static AnnounceResponse announceOnceWhitelistIsLoaded(TrackerClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return client.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline || !String.valueOf(e.getMessage()).contains("not authorized")) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static TrackerClient client(Id20 hash, String url, int port, long left) {
        return TrackerClient.create(TrackerClientOptions.builder(hash).port(port).tier(url)
                .stats(() -> new TransferStats(0, 0, left)).udpRetransmitBase(Duration.ofSeconds(1)).udpMaxAttempts(2).build());
    }
}

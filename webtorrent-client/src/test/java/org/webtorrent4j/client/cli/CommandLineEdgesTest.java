package org.webtorrent4j.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.client.AddOptions;
import org.webtorrent4j.client.ClientOptions;
import org.webtorrent4j.client.TorrentHandle;
import org.webtorrent4j.client.WebTorrent;
import org.webtorrent4j.swarm.SwarmOptions;
import org.webtorrent4j.torrent.Torrent;

/** The command line at its edges: odd torrents, progress output, trackers added to a .torrent. */
class CommandLineEdgesTest {
    @TempDir
    Path tmp;

    private static WebTorrent client(Path dir, long uploadLimit) {
        return new WebTorrent(ClientOptions.builder().downloadDir(dir).dht(false).ioThreads(1).uploadLimit(uploadLimit)
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build())
                .build());
    }

    /** A folder "share" of three files in dir, and its torrent file. */
    private Path share(Path dir) throws Exception {
        return CliFixtures.share(dir, tmp.resolve("share.torrent"));
    }

    /** A malformed magnet link that names a tracker (its URL has slashes) is not taken for a file. */
    @Test
    void malformedMagnetWithTrackerSaysWhatIsWrong() {
        CliRun r = CliRun.of("download", "magnet:?xt=urn:btih:zzzz&tr=http://127.0.0.1:1/announce", "--no-dht");
        assertEquals(1, r.exit());
        assertFalse(r.err().contains("no such file"), r.err());
        assertTrue(r.err().contains("magnet"), r.err());
    }

    /** A --tracker that is no tracker URL is an error, not a tracker silently never asked. */
    @Test
    void malformedTrackerUrlIsReported() {
        CliRun r = CliRun.of("download", "magnet:?xt=urn:btih:" + "cd".repeat(20), "-o", tmp.resolve("out").toString(),
                "--host", "127.0.0.1", "--no-dht", "--tracker", "http://127.0.0.1:1/a b", "--timeout", "2");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("'http://127.0.0.1:1/a b' is not a tracker URL"), r.err());
        assertEquals(1, CliRun.of("download", "magnet:?xt=urn:btih:" + "cd".repeat(20), "--tracker", "ftp://127.0.0.1/x").exit());
    }

    /** A v2-only .torrent without piece layers: one line saying so, not a stack trace. */
    @Test
    void v2TorrentWithoutPieceLayersIsOneLineNotAStackTrace() throws Exception {
        Map<String, Object> leaf = new TreeMap<>();
        leaf.put("length", 40000L);
        leaf.put("pieces root", new byte[32]);
        Map<String, Object> info = new TreeMap<>();
        info.put("file tree", Map.of("a.bin", Map.of("", leaf)));
        info.put("meta version", 2L);
        info.put("name", "a".getBytes());
        info.put("piece length", 16384L);
        Path v2 = tmp.resolve("v2only.torrent");
        Files.write(v2, Bencode.encode(Map.of("info", info)));
        CliRun r = CliRun.of("download", v2.toString(), "-o", tmp.resolve("out").toString(), "--no-dht", "--host", "127.0.0.1",
                "--timeout", "5");
        assertEquals(1, r.exit());
        assertFalse(r.err().contains("\tat "), r.err());
        assertTrue(r.err().startsWith("webtorrent download: "), r.err());
    }

    /** The bar line fits an 80-column terminal (a wrapped one leaves a stale row behind each second). */
    @Test
    void progressBarFitsEightyColumns() throws Exception {
        Path torrentFile = share(Files.createDirectories(tmp.resolve("seed")));
        try (WebTorrent leecher = client(Files.createDirectories(tmp.resolve("out")), 0)) {
            TorrentHandle handle = leecher.add(Torrent.parse(torrentFile), AddOptions.defaults());
            handle.ready().get(30, TimeUnit.SECONDS);
            StringWriter screen = new StringWriter();
            new ProgressPrinter(new PrintWriter(screen), true).print(handle);
            String line = screen.toString().substring(screen.toString().lastIndexOf('\r') + 1)
                    .replace("\033[K", ""); // clears to the end of the line: no column of its own
            assertTrue(line.length() <= 80, line.length() + " columns: '" + line + "'");
        }
    }

    /**
     * With --select, the last progress line printed before "done:" is 100 %: the bar counts the
     * selected pieces, not the whole torrent's (and so does the ETA).
     */
    @Test
    void selectedDownloadEndsAtHundredPercent() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path torrentFile = share(seedDir);
        try (WebTorrent seeder = client(seedDir, 0)) {
            seeder.add(Torrent.parse(torrentFile), AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            CliRun r = CliRun.of("download", torrentFile.toString(), "-o", tmp.resolve("out").toString(), "--select", "0",
                    "--peer", "127.0.0.1:" + seeder.listenAddress().getPort(), "--host", "127.0.0.1", "--no-dht",
                    "--timeout", "120");
            assertEquals(0, r.exit(), r.err());
            List<String> lines = r.out().lines().toList();
            String last = lines.get(lines.size() - 2); // the line before "done: ..."
            assertTrue(last.strip().startsWith("100.0%"), "last progress line: '" + last + "'");
        }
    }

    /** Runs {@code webtorrent seed ARGS...} in a process of its own; true if it announced to the tracker. */
    private static boolean seedAnnouncesTo(java.net.ServerSocket tracker, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("seed"));
        command.addAll(List.of(args));
        command.addAll(List.of("--announce", "http://127.0.0.1:" + tracker.getLocalPort() + "/announce",
                "--host", "127.0.0.1", "--no-dht"));
        Process seed = CliFixtures.process(command).redirectErrorStream(true).start();
        try {
            tracker.setSoTimeout(30_000);
            try (java.net.Socket announce = tracker.accept()) {
                return announce.isConnected();
            } catch (java.net.SocketTimeoutException nothing) {
                return false;
            }
        } finally {
            seed.destroy();
            seed.waitFor(30, TimeUnit.SECONDS);
            seed.destroyForcibly();
        }
    }

    /** {@code seed <torrent> --announce URL} announces to URL, as seeding a folder does. */
    @Test
    void seedOfATorrentFileAnnouncesToTheGivenTracker() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path torrentFile = share(seedDir);
        // The set-up works: seeding a folder (a new torrent) announces to --announce at once.
        try (java.net.ServerSocket tracker = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertTrue(seedAnnouncesTo(tracker, seedDir.resolve("share").toString()), "seeding a folder announces");
        }
        try (java.net.ServerSocket tracker = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            assertTrue(seedAnnouncesTo(tracker, torrentFile.toString(), "-d", seedDir.toString()),
                    "seeding a .torrent ignores --announce");
        }
    }
}

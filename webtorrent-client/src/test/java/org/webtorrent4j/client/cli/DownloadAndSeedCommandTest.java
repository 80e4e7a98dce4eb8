package org.webtorrent4j.client.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.AddOptions;
import org.webtorrent4j.client.ClientOptions;
import org.webtorrent4j.client.WebTorrent;
import org.webtorrent4j.client.storage.ResumeFile;
import org.webtorrent4j.swarm.SwarmOptions;
import org.webtorrent4j.torrent.Torrent;

/** {@code webtorrent download} and {@code webtorrent seed} against our own client, on loopback. */
class DownloadAndSeedCommandTest {
    @TempDir
    Path tmp;

    private static WebTorrent seeder(Path dir) {
        return new WebTorrent(ClientOptions.builder().downloadDir(dir).dht(false).ioThreads(2)
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build())
                .build());
    }

    /** {@code webtorrent seed PATH} in a process of its own (signals reach it alone). */
    private static Process startSeed(Path path, ProcessBuilder.Redirect stderr) throws java.io.IOException {
        return CliFixtures.process(List.of("seed", path.toString(), "--host", "127.0.0.1", "--no-dht"))
                .redirectError(stderr).start();
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** A folder "share" of three files in dir, and its torrent file. */
    private Path share(Path dir) throws Exception {
        return CliFixtures.share(dir, tmp.resolve("share.torrent"));
    }

    @Test
    void downloadsSelectedFilesAndExitsZeroWhenVerified() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path torrentFile = share(seedDir);
        Path out = tmp.resolve("out");
        try (WebTorrent seeder = seeder(seedDir)) {
            seeder.add(Torrent.parse(torrentFile), AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            CliRun r = CliRun.of("download", torrentFile.toString(), "-o", out.toString(), "--select", "0,2",
                    "--peer", "127.0.0.1:" + seeder.listenAddress().getPort(), "--host", "127.0.0.1", "--no-dht",
                    "--timeout", "120");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().matches("(?s).*done: share \\([0-9.]+ (KiB|MiB) in [0-9.]+ s, [0-9.]+ (KiB|MiB)/s\\)\n.*"), r.out());
        }
        assertArrayEquals(Files.readAllBytes(seedDir.resolve("share/a.bin")), Files.readAllBytes(out.resolve("share/a.bin")));
        assertArrayEquals(Files.readAllBytes(seedDir.resolve("share/c.bin")), Files.readAllBytes(out.resolve("share/c.bin")));
        assertFalse(Files.exists(out.resolve("share/b.bin")), "a file not selected is not created");
    }

    @Test
    void invalidInputExitsOneWithOneLine() {
        CliRun r = CliRun.of("download", "magnet:?xt=urn:btih:nothex", "--no-dht");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("webtorrent download: "), r.err());

        Path missing = tmp.resolve("missing.torrent");
        CliRun noFile = CliRun.of("download", missing.toString(), "--no-dht");
        assertEquals(1, noFile.exit());
        assertEquals("webtorrent download: no such file: " + missing, noFile.err().strip());
    }

    /** Selecting no existing file would count as done at once, with nothing downloaded. */
    @Test
    void selectingAFileThatDoesNotExistExitsOne() throws Exception {
        Path torrentFile = share(Files.createDirectories(tmp.resolve("nowhere")));
        CliRun r = CliRun.of("download", torrentFile.toString(), "-o", tmp.resolve("out").toString(), "--select", "7",
                "--host", "127.0.0.1", "--no-dht", "--timeout", "20");
        assertEquals(1, r.exit(), r.out());
        assertEquals("webtorrent download: there is no file 7 to select: the torrent has 3 files (0 to 2)", r.err().strip());
    }

    @Test
    void timesOutWithExitOneWhenNobodyHasTheTorrent() throws Exception {
        Path torrentFile = share(Files.createDirectories(tmp.resolve("nowhere")));
        CliRun r = CliRun.of("download", torrentFile.toString(), "-o", tmp.resolve("out").toString(), "--host", "127.0.0.1",
                "--no-dht", "--timeout", "2");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("timed out"), r.err());
    }

    @Test
    void aTrackerThatCannotBeReachedIsPrintedAsAWarning() throws Exception {
        int deadPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = free.getLocalPort();
        }
        String tracker = "http://127.0.0.1:" + deadPort + "/announce";
        CliRun r = CliRun.of("download", "magnet:?xt=urn:btih:" + "cd".repeat(20), "-o", tmp.resolve("out").toString(),
                "--host", "127.0.0.1", "--no-dht", "--tracker", tracker, "--timeout", "2");
        assertEquals(1, r.exit());
        String warning = "webtorrent download: warning: cannot connect to " + tracker;
        assertTrue(r.err().contains(warning), r.err());
        assertEquals(r.err().indexOf(warning), r.err().lastIndexOf(warning), r.err());
        assertTrue(r.err().contains("timed out"), r.err());
    }

    @Test
    void seedPrintsAMagnetLinkThatDownloads() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        share(seedDir);
        Process seed = startSeed(seedDir.resolve("share"), ProcessBuilder.Redirect.INHERIT);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(seed.getInputStream(), StandardCharsets.UTF_8))) {
            String magnet = lines.readLine();
            assertTrue(magnet != null && magnet.startsWith("magnet:?xt=urn:btih:") && magnet.contains("x.pe=127.0.0.1"),
                    String.valueOf(magnet));
            Path out = tmp.resolve("out");
            CliRun r = CliRun.of("download", magnet, "-o", out.toString(), "--host", "127.0.0.1", "--no-dht", "--timeout", "120");
            assertEquals(0, r.exit(), r.err());
            for (String name : List.of("a.bin", "b.bin", "c.bin")) {
                assertArrayEquals(Files.readAllBytes(seedDir.resolve("share").resolve(name)),
                        Files.readAllBytes(out.resolve("share").resolve(name)), name);
            }
        } finally {
            seed.destroy(); // SIGTERM: the seeder shuts down cleanly in its shutdown hook
            assertTrue(seed.waitFor(30, TimeUnit.SECONDS), "seed stops on SIGTERM");
        }
    }

    @Test
    void seedExitsOneNamingTheFileWhenItsDataIsCutShort() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        share(seedDir);
        Process seed = startSeed(seedDir.resolve("share"), ProcessBuilder.Redirect.to(tmp.resolve("seed.err").toFile()));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(seed.getInputStream(), StandardCharsets.UTF_8))) {
            String magnet = lines.readLine();
            int port = Integer.parseInt(magnet.substring(magnet.indexOf("x.pe=127.0.0.1:") + "x.pe=127.0.0.1:".length()));
            Path b = seedDir.resolve("share/b.bin");
            try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(b, java.nio.file.StandardOpenOption.WRITE)) {
                file.truncate(1000); // another program cut a seeded file short
            }
            try (WebTorrent leecher = seeder(Files.createDirectories(tmp.resolve("out")))) {
                leecher.add(Torrent.parse(magnet), AddOptions.builder()
                        .peers(List.of(new InetSocketAddress("127.0.0.1", port))).build());
                assertTrue(seed.waitFor(60, TimeUnit.SECONDS), () -> "seed stops once a read finds the data gone; its stderr: "
                        + readQuietly(tmp.resolve("seed.err")));
            }
            assertEquals(1, seed.exitValue());
            String err = Files.readString(tmp.resolve("seed.err"));
            assertTrue(err.startsWith("webtorrent seed: " + b + " ends at byte 1000, before piece ")
                    && err.strip().lines().count() == 1, err);
        } finally {
            seed.destroyForcibly();
        }
    }

    /**
     * Ctrl-C (SIGINT) in the middle of a download: the process stops within seconds, and what
     * it verified is on record, so that the next run continues and completes.
     */
    @Test
    void ctrlCStopsADownloadCleanlyAndTheNextRunCompletesIt() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path torrentFile = share(seedDir);
        Torrent torrent = Torrent.parse(torrentFile);
        Path out = tmp.resolve("out");
        try (WebTorrent seeder = new WebTorrent(ClientOptions.builder().downloadDir(seedDir).dht(false).ioThreads(2)
                .uploadLimit(128 * 1024) // about 7 s for the 900 KB: time to interrupt the download
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build())
                .build())) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            String peer = "127.0.0.1:" + seeder.listenAddress().getPort();
            Process download = CliFixtures.process(List.of("download", torrentFile.toString(), "-o", out.toString(),
                    "--peer", peer, "--host", "127.0.0.1", "--no-dht"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(download.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                do {
                    line = lines.readLine();
                    assertTrue(line != null, "the download printed no progress");
                } while (!line.matches("\\s*([1-9]|[1-9][0-9])\\.[0-9]%.*")); // some, not all, verified
                new ProcessBuilder("kill", "-INT", Long.toString(download.pid())).start().waitFor();
                assertTrue(download.waitFor(30, TimeUnit.SECONDS), "the download stops on Ctrl-C");
            } finally {
                download.destroyForcibly();
            }
            ResumeFile record = new ResumeFile(out.resolve(".webtorrent4j").resolve(torrent.infoHashV1().orElseThrow().hex() + ".resume"));
            int verified = record.load().orElseThrow(() -> new AssertionError("no resume record after Ctrl-C")).verified().cardinality();
            assertTrue(verified > 0 && verified < torrent.pieceCount(), verified + " of " + torrent.pieceCount() + " pieces on record");

            CliRun again = CliRun.of("download", torrentFile.toString(), "-o", out.toString(), "--peer", peer, "--host", "127.0.0.1",
                    "--no-dht", "--timeout", "120");
            assertEquals(0, again.exit(), again.err());
        }
        for (String name : List.of("a.bin", "b.bin", "c.bin")) {
            assertArrayEquals(Files.readAllBytes(seedDir.resolve("share").resolve(name)),
                    Files.readAllBytes(out.resolve("share").resolve(name)), name);
        }
    }
}

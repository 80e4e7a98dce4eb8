package org.webtorrent4j.client.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.AddOptions;
import org.webtorrent4j.client.TorrentHandle;
import org.webtorrent4j.client.WebTorrent;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.testkit.RealPeer;
import org.webtorrent4j.torrent.Torrent;

/**
 * Downloads from and seeds to aria2 and Transmission over loopback TCP. Neither takes a peer
 * address on its command line, so our side always dials: a leecher we seed to is a listening
 * peer like any other.
 */
@Tag("interop")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DesktopClientsInteropTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void loopbackOnly() {
        Interop.assumeLoopbackOnlyNamespace();
    }

    private Torrent sample(Path dir) throws Exception {
        return InteropTorrents.multiFile(dir, "sample", 128 * 1024, Map.of("a.bin", 2_000_003, "b/c.bin", 777_777));
    }

    private static List<String> aria2(Path binary, Path torrentFile, Path dir, int port, boolean seed) {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--no-conf=true", "--enable-dht=false",
                "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--disable-ipv6=true",
                "--interface=127.0.0.1", "--listen-port=" + port, "--dir=" + dir, "--summary-interval=0",
                "--console-log-level=warn", "--bt-require-crypto=false", "--file-allocation=none"));
        if (seed) {
            cmd.addAll(List.of("--check-integrity=true", "--seed-ratio=0.0"));
        } else {
            cmd.add("--seed-time=0");
        }
        cmd.add(torrentFile.toString());
        return cmd;
    }

    private static List<String> transmission(Path binary, Path torrentFile, Path dir, Path config, int port)
            throws IOException {
        Files.createDirectories(config);
        Files.writeString(config.resolve("settings.json"), """
                {"dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
                 "port-forwarding-enabled": false, "rpc-enabled": false, "encryption": 0,
                 "bind-address-ipv4": "127.0.0.1", "bind-address-ipv6": "::1", "peer-port": %d}
                """.formatted(port));
        return List.of(binary.toString(), "-g", config.toString(), "-w", dir.toString(), "-p", Integer.toString(port),
                "-M", "-et", torrentFile.toString());
    }

    private void downloadFrom(List<String> command, Path seedDir, Path leechDir, Torrent torrent, int port)
            throws Exception {
        try (RealPeer real = RealPeer.start(command, Map.of()); WebTorrent leecher = LibtorrentInteropTest.client(leechDir)) {
            TorrentHandle h = leecher.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            // The real client checks its data first; keep offering it until the download is done.
            InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            while (!h.done().isDone()) {
                h.addPeers(List.of(peer));
                try {
                    h.done().get(2, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException retry) {
                    // dial again
                }
            }
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    private void seedTo(List<String> command, Path seedDir, Path leechDir, Torrent torrent, int port) throws Exception {
        try (WebTorrent seeder = LibtorrentInteropTest.client(seedDir); RealPeer real = RealPeer.start(command, Map.of())) {
            TorrentHandle h = seeder.add(torrent, AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            InetSocketAddress peer = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!sameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the real client did not finish downloading from us");
                }
                h.addPeers(List.of(peer));
                Thread.sleep(1000);
            }
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    private static boolean sameFiles(Path expected, Path actual) throws IOException {
        for (String f : List.of("a.bin", "b/c.bin")) {
            Path a = actual.resolve(f);
            if (!Files.exists(a) || !Arrays.equals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(a))) {
                return false;
            }
        }
        return true;
    }

    private Path torrentFile(Torrent torrent) throws IOException {
        return Files.write(tmp.resolve("sample.torrent"), torrent.toTorrentBytes());
    }

    @Test
    void downloadsFromAria2() throws Exception {
        Path aria2 = Interop.assumeBinary("aria2c");
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = sample(seedDir);
        int port = Interop.freePort();
        downloadFrom(aria2(aria2, torrentFile(torrent), seedDir, port, true), seedDir, tmp.resolve("leech"), torrent, port);
    }

    @Test
    void seedsToAria2() throws Exception {
        Path aria2 = Interop.assumeBinary("aria2c");
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = sample(seedDir);
        int port = Interop.freePort();
        seedTo(aria2(aria2, torrentFile(torrent), leechDir, port, false), seedDir, leechDir, torrent, port);
    }

    @Test
    void downloadsFromTransmission() throws Exception {
        Path transmission = Interop.assumeBinary("transmission-cli");
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Torrent torrent = sample(seedDir);
        int port = Interop.freePort();
        downloadFrom(transmission(transmission, torrentFile(torrent), seedDir, tmp.resolve("tr-config"), port), seedDir,
                tmp.resolve("leech"), torrent, port);
    }

    @Test
    void seedsToTransmission() throws Exception {
        Path transmission = Interop.assumeBinary("transmission-cli");
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        Torrent torrent = sample(seedDir);
        int port = Interop.freePort();
        seedTo(transmission(transmission, torrentFile(torrent), leechDir, tmp.resolve("tr-config"), port), seedDir,
                leechDir, torrent, port);
    }
}

package org.webtorrent4j.client.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.AddOptions;
import org.webtorrent4j.client.ClientOptions;
import org.webtorrent4j.client.TorrentHandle;
import org.webtorrent4j.client.WebTorrent;
import org.webtorrent4j.swarm.SwarmOptions;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.testkit.RealPeer;
import org.webtorrent4j.torrent.Torrent;

/** Downloads from and seeds to python3-libtorrent over loopback TCP. */
@Tag("interop")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LibtorrentInteropTest {
    @TempDir
    Path tmp;

    private Path seedDir;
    private Path leechDir;
    private Torrent torrent;
    private Path torrentFile;

    @BeforeEach
    void requireLibtorrentAndMakeTheSample() throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Interop.assumePythonModule("libtorrent");
        seedDir = Files.createDirectories(tmp.resolve("seed"));
        leechDir = Files.createDirectories(tmp.resolve("leech"));
        torrent = sample(seedDir);
        torrentFile = Files.write(tmp.resolve("sample.torrent"), torrent.toTorrentBytes());
    }

    /** python3-libtorrent seeding the sample on 127.0.0.1:port, once it has checked its data. */
    private RealPeer libtorrentSeeder(int port) {
        return libtorrentSeeder(torrentFile, port);
    }

    private RealPeer libtorrentSeeder(Path torrent, int port) {
        RealPeer lt = RealPeer.libtorrent(Map.of(), "seed", torrent.toString(), seedDir.toString(),
                Integer.toString(port));
        lt.awaitLine("READY", Duration.ofSeconds(60));
        return lt;
    }

    /** A v2-only torrent (BEP 52) of the sample's files, made by libtorrent. */
    private Path v2OnlyTorrent() {
        return v2OnlyTorrent("sample", torrent.pieceLength());
    }

    /** A v2-only torrent of the folder {@code name} in the seed folder, made by libtorrent. */
    private Path v2OnlyTorrent(String name, int pieceLength) {
        Path out = tmp.resolve(name + "-v2.torrent");
        try (RealPeer lt = RealPeer.libtorrent(Map.of(), "create-v2", seedDir.resolve(name).toString(),
                out.toString(), Integer.toString(pieceLength))) {
            lt.awaitLine("CREATED", Duration.ofSeconds(60));
        }
        return out;
    }

    static WebTorrent client(Path dir) {
        return new WebTorrent(ClientOptions.builder().downloadDir(dir).ioThreads(2).dht(false)
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).build())
                .build());
    }

    /** A multi-file torrent with a file boundary inside a piece, written under {@code dir}. */
    static Torrent sample(Path dir) throws Exception {
        return InteropTorrents.multiFile(dir, "sample", 256 * 1024,
                Map.of("one.bin", 1_300_000, "sub/two.bin", 2_700_001, "three.txt", 10));
    }

    @Test
    void downloadsFromALibtorrentSeeder() throws Exception {
        int port = Interop.freePort();
        try (RealPeer lt = libtorrentSeeder(port); WebTorrent leecher = client(leechDir)) {
            TorrentHandle h = leecher.add(torrent, AddOptions.builder()
                    .peers(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))).build());
            h.done().get(120, TimeUnit.SECONDS);
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    @Test
    void seedsToALibtorrentLeecher() throws Exception {
        try (WebTorrent seeder = client(seedDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            try (RealPeer lt = RealPeer.libtorrent(Map.of(), "leech", torrentFile.toString(), leechDir.toString(),
                    Integer.toString(Interop.freePort()), Integer.toString(seeder.listenAddress().getPort()))) {
                lt.awaitLine("DONE", Duration.ofSeconds(120));
            }
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
        assertArrayEquals(Files.readAllBytes(seedDir.resolve("sample/three.txt")),
                Files.readAllBytes(leechDir.resolve("sample/three.txt")));
    }

    /** Peers know a v2-only torrent by its truncated SHA-256 info-hash; pieces are merkle roots. */
    @Test
    void downloadsAV2OnlyTorrentFromALibtorrentSeeder() throws Exception {
        Path v2 = v2OnlyTorrent();
        Torrent parsed = Torrent.parse(v2);
        assertTrue(parsed.infoHashV1().isEmpty(), "libtorrent made a v2-only torrent");
        int port = Interop.freePort();
        try (RealPeer lt = libtorrentSeeder(v2, port); WebTorrent leecher = client(leechDir)) {
            TorrentHandle h = leecher.add(parsed, AddOptions.builder()
                    .peers(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))).build());
            h.done().get(120, TimeUnit.SECONDS);
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    @Test
    void seedsAV2OnlyTorrentToALibtorrentLeecher() throws Exception {
        Path v2 = v2OnlyTorrent();
        try (WebTorrent seeder = client(seedDir)) {
            TorrentHandle h = seeder.add(Torrent.parse(v2), AddOptions.defaults());
            h.ready().get(30, TimeUnit.SECONDS);
            assertEquals(1.0, h.progress(), "our check of libtorrent's merkle hashes accepts every stored piece");
            try (RealPeer lt = RealPeer.libtorrent(Map.of(), "leech", v2.toString(), leechDir.toString(),
                    Integer.toString(Interop.freePort()), Integer.toString(seeder.listenAddress().getPort()))) {
                lt.awaitLine("DONE", Duration.ofSeconds(120));
            }
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    @Test
    void fetchesMetadataFromLibtorrentByMagnetAndDownloads() throws Exception {
        int port = Interop.freePort();
        try (RealPeer lt = libtorrentSeeder(port); WebTorrent leecher = client(leechDir)) {
            TorrentHandle h = leecher.add(Torrent.parse("magnet:?xt=urn:btih:" + torrent.infoHashV1().orElseThrow().hex()
                    + "&x.pe=127.0.0.1:" + port), AddOptions.defaults());
            assertArrayEquals(torrent.rawInfo(), h.metadata().get(60, TimeUnit.SECONDS).rawInfo());
            h.done().get(120, TimeUnit.SECONDS);
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    @Test
    void libtorrentFetchesMetadataFromUsByMagnetAndDownloads() throws Exception {
        libtorrentFetchesByMagnetFromUs(torrent, "magnet:?xt=urn:btih:" + torrent.infoHashV1().orElseThrow().hex(), leechDir);
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    /**
     * A v2-only magnet link: the metadata by BEP 9, then every piece layer by BEP 52 hash
     * requests that libtorrent answers, then the data checked against those layers.
     */
    @Test
    void downloadsAV2OnlyMagnetFromALibtorrentSeeder() throws Exception {
        Path v2 = v2OnlyTorrent();
        Torrent parsed = Torrent.parse(v2);
        int port = Interop.freePort();
        try (RealPeer lt = libtorrentSeeder(v2, port); WebTorrent leecher = client(leechDir)) {
            TorrentHandle h = leecher.add(Torrent.parse(v2Magnet(parsed) + "&x.pe=127.0.0.1:" + port), AddOptions.defaults());
            Torrent fetched = h.metadata().get(60, TimeUnit.SECONDS);
            for (org.webtorrent4j.torrent.TorrentFile f : parsed.userFiles()) {
                assertEquals(parsed.pieceLayer(f.piecesRoot()).map(HexFormat.of()::formatHex),
                        fetched.pieceLayer(f.piecesRoot()).map(HexFormat.of()::formatHex), f.displayPath());
            }
            h.done().get(120, TimeUnit.SECONDS);
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    /** libtorrent, given only the v2 magnet link, asks us for the piece layers by hash requests. */
    @Test
    void libtorrentFetchesAV2OnlyMagnetFromUs() throws Exception {
        Path v2 = v2OnlyTorrent();
        Torrent parsed = Torrent.parse(v2);
        libtorrentFetchesByMagnetFromUs(parsed, v2Magnet(parsed), leechDir);
        InteropTorrents.assertSameFiles(seedDir.resolve("sample"), leechDir.resolve("sample"));
    }

    /**
     * A file of 700 pieces: its layer takes two hash requests, each proven by uncle hashes (and
     * libtorrent asks the second one as 256 hashes, the layer's padded end, with 2 more uncles).
     */
    @Test
    void v2OnlyMagnetOfManyPiecesBothWays() throws Exception {
        int piece = 16 * 1024;
        InteropTorrents.multiFile(seedDir, "many", piece, Map.of("big.bin", 700 * piece - 100, "small.txt", 3));
        Torrent parsed = Torrent.parse(v2OnlyTorrent("many", piece));
        String magnet = v2Magnet(parsed);
        int port = Interop.freePort();
        try (RealPeer lt = libtorrentSeeder(tmp.resolve("many-v2.torrent"), port); WebTorrent leecher = client(leechDir)) {
            leecher.add(Torrent.parse(magnet + "&x.pe=127.0.0.1:" + port), AddOptions.defaults()).done().get(120, TimeUnit.SECONDS);
        }
        InteropTorrents.assertSameFiles(seedDir.resolve("many"), leechDir.resolve("many"));

        Path ltDir = Files.createDirectories(tmp.resolve("lt-leech"));
        libtorrentFetchesByMagnetFromUs(parsed, magnet, ltDir);
        InteropTorrents.assertSameFiles(seedDir.resolve("many"), ltDir.resolve("many"));
    }

    /**
     * Our client seeds {@code t} from the seed folder; libtorrent, given only {@code magnet} and
     * our address, fetches the metadata (and a v2 torrent's piece layers) from us and downloads.
     */
    private void libtorrentFetchesByMagnetFromUs(Torrent t, String magnet, Path into) throws Exception {
        try (WebTorrent seeder = client(seedDir)) {
            seeder.add(t, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            try (RealPeer lt = RealPeer.libtorrent(Map.of(), "magnet",
                    magnet + "&x.pe=127.0.0.1:" + seeder.listenAddress().getPort(), into.toString(),
                    Integer.toString(Interop.freePort()))) {
                lt.awaitLine("DONE", Duration.ofSeconds(120));
            }
        }
    }

    private static String v2Magnet(Torrent t) {
        return "magnet:?xt=urn:btmh:1220" + t.infoHashV2().orElseThrow().hex();
    }
}

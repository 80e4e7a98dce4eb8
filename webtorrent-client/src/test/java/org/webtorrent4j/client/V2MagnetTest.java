package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.TorrentFile;

/**
 * A v2-only torrent (BEP 52) added by its magnet link: the metadata comes by BEP 9, then the
 * piece layers by hash requests that our seeder answers, then the data. The torrent is one
 * libtorrent made (32 KiB pieces, a file of four pieces, files shorter than a piece) of bytes
 * generated as parse-torrent's PieceCheckTest does.
 */
class V2MagnetTest {
    @TempDir
    Path tmp;

    @Test
    void downloadsAV2OnlyMagnetFromOurSeeder() throws Exception {
        Torrent torrent = TestTorrents.v2Fixture();
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        writeContent(torrent, seedDir);
        Torrent magnet = Torrent.parse("magnet:?xt=urn:btmh:1220" + torrent.infoHashV2().orElseThrow().hex());
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(torrent, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            TorrentHandle h = leecher.add(magnet, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            Torrent fetched = h.metadata().get(60, TimeUnit.SECONDS);
            assertTrue(fetched.hasPieceHashes(), "piece layers fetched by hash requests");
            assertEquals(torrent.pieceLayer(file(torrent, "a.bin").piecesRoot()).map(java.util.HexFormat.of()::formatHex),
                    fetched.pieceLayer(file(torrent, "a.bin").piecesRoot()).map(java.util.HexFormat.of()::formatHex));
            h.done().get(60, TimeUnit.SECONDS);
        }
        for (TorrentFile f : torrent.userFiles()) {
            assertArrayEquals(Files.readAllBytes(seedDir.resolve(f.displayPath())),
                    Files.readAllBytes(leechDir.resolve(f.displayPath())), f.displayPath());
        }
    }

    @Test
    void refusesV2MetadataWithoutPieceLayersWithTheReason() throws Exception {
        Torrent torrent = TestTorrents.v2Fixture();
        Torrent bare = Torrent.parse("magnet:?xt=urn:btmh:1220" + torrent.infoHashV2().orElseThrow().hex())
                .withMetadata(torrent.rawInfo());
        try (WebTorrent client = LoopbackSwarmTest.client(tmp)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> client.add(bare, AddOptions.defaults()));
            assertTrue(e.getMessage().contains("piece layers"), e.getMessage());
        }
    }

    private static TorrentFile file(Torrent t, String name) {
        return t.userFiles().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    /** The bytes libtorrent hashed: seeded by each file's path, as in parse-torrent's PieceCheckTest. */
    private static void writeContent(Torrent t, Path dir) throws Exception {
        for (TorrentFile f : t.userFiles()) {
            byte[] b = new byte[(int) f.length()];
            new Random(f.displayPath().hashCode()).nextBytes(b);
            Files.createDirectories(dir.resolve(f.displayPath()).getParent());
            Files.write(dir.resolve(f.displayPath()), b);
        }
    }
}

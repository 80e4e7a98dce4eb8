package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.client.TestTorrents.Content;
import org.webtorrent4j.client.storage.UnsafePathException;
import org.webtorrent4j.torrent.Torrent;

/** The client's own state folder in the download folder is not a place a torrent may write to. */
class StateFolderTest {
    private static final int PIECE = 16 * 1024;

    @TempDir
    Path tmp;

    /**
     * A torrent named ".webtorrent4j" lists a file named after another torrent's part file. Its
     * download would write over that part file, destroying verified pieces of the other torrent
     * (and a removal with data of it would delete them). It is refused instead.
     */
    @Test
    void aTorrentCannotWriteIntoAnotherTorrentsPartFile() throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        Path leechDir = Files.createDirectories(tmp.resolve("leech"));
        List<Content> victimFiles = List.of(new Content("one.bin", TestTorrents.random(2 * PIECE + 5, 41)),
                new Content("two.bin", TestTorrents.random(2 * PIECE, 42)));
        Torrent victim = TestTorrents.write(seedDir, "victim", PIECE, victimFiles);
        String partName = victim.infoHashV1().orElseThrow().hex() + ".parts";
        Path partFile = leechDir.resolve(".webtorrent4j").resolve(partName);
        Torrent intruder = TestTorrents.write(Files.createDirectories(tmp.resolve("elsewhere")), ".webtorrent4j", PIECE,
                List.of(new Content(partName, TestTorrents.random(3 * PIECE, 43))));
        try (WebTorrent seeder = LoopbackSwarmTest.client(seedDir); WebTorrent leecher = LoopbackSwarmTest.client(leechDir)) {
            seeder.add(victim, AddOptions.defaults()).ready().get(30, TimeUnit.SECONDS);
            leecher.add(victim, AddOptions.builder().selected(Set.of(0)).peers(List.of(seeder.listenAddress())).build())
                    .done().get(60, TimeUnit.SECONDS);
            byte[] before = Files.readAllBytes(partFile); // two.bin's bytes of the shared piece
            TorrentHandle h = leecher.add(intruder, AddOptions.builder().peers(List.of(seeder.listenAddress())).build());
            ExecutionException refused = assertThrows(ExecutionException.class, () -> h.done().get(60, TimeUnit.SECONDS));
            assertInstanceOf(UnsafePathException.class, refused.getCause());
            assertArrayEquals(before, Files.readAllBytes(partFile), "another torrent overwrote the victim's part file");
        }
    }
}

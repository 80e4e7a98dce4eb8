package org.webtorrent4j.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.TorrentCreator;

/** What the command line tests share: a folder to seed, and the command line in a process of its own. */
final class CliFixtures {
    private CliFixtures() {}

    /** A folder "share" of three ~300 KB files in {@code dir}, and its torrent written to {@code torrentFile}. */
    static Path share(Path dir, Path torrentFile) throws Exception {
        Random random = new Random(3);
        Files.createDirectories(dir.resolve("share"));
        for (String name : List.of("a.bin", "b.bin", "c.bin")) {
            byte[] data = new byte[300_000 + random.nextInt(1000)];
            random.nextBytes(data);
            Files.write(dir.resolve("share").resolve(name), data);
        }
        Files.write(torrentFile, TorrentCreator.create(dir.resolve("share"),
                CreateOptions.builder().pieceLength(32 * 1024).build()).torrentBytes());
        return torrentFile;
    }

    /** {@code webtorrent ARGS...} as a process of its own (so that signals reach it alone). */
    static ProcessBuilder process(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WebTorrentCli.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command);
    }
}

package org.webtorrent4j.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.webtorrent4j.client.AddOptions;
import org.webtorrent4j.client.TorrentHandle;
import org.webtorrent4j.client.TorrentListener;
import org.webtorrent4j.client.WebTorrent;
import org.webtorrent4j.magnet.PeerAddress;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.TorrentCreateException;
import org.webtorrent4j.torrent.create.TorrentCreator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code webtorrent seed}: shares a file or folder (making its torrent) or the data of a .torrent,
 * prints the magnet link, and seeds until Ctrl-C.
 */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Seed a file or folder, or the data of a .torrent file, until Ctrl-C.",
                "Prints the magnet link first."})
public final class SeedCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "PATH", description = "A file or folder to share, or a .torrent whose data to seed.")
    Path source;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "For a .torrent: the folder holding its data (default: the current folder).")
    Path dir = Path.of("");

    @Option(names = {"-a", "--announce"}, paramLabel = "URL[,URL...]",
            description = "A tier of trackers (comma-separated): put in a new torrent, or added to a .torrent's; repeatable.")
    List<String> announce = new ArrayList<>();

    @Option(names = "--piece-length", paramLabel = "BYTES", description = "Piece length for a new torrent (default: automatic).")
    String pieceLength;

    @Mixin
    ClientFlags client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Torrent torrent;
        Path dataDir;
        // A new torrent carries the --announce trackers; an existing .torrent gets them added.
        List<String> extraTrackers = List.of();
        try {
            if (Files.isRegularFile(source) && source.getFileName().toString().endsWith(".torrent")) {
                torrent = Torrent.parse(source);
                dataDir = dir;
                extraTrackers = announce.stream().flatMap(t -> Arrays.stream(CreateCommand.tier(t))).toList();
            } else {
                CreateOptions.Builder options = CreateOptions.builder()
                        .pieceLength(pieceLength == null ? 0 : CreateCommand.parsePieceLength(pieceLength));
                for (String tier : announce) {
                    options.addAnnounceTier(CreateCommand.tier(tier));
                }
                torrent = Torrent.parse(TorrentCreator.create(source, options.build()).torrentBytes());
                dataDir = source.toAbsolutePath().getParent();
            }
        } catch (TorrentCreateException | IllegalArgumentException e) {
            return fail(err, e.getMessage());
        } catch (IOException e) {
            return fail(err, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        try (WebTorrent webTorrent = new WebTorrent(client.options(dataDir))) {
            // Installed before the data is checked, which may take minutes: Ctrl-C then still
            // tells the trackers, already announced to, that we stopped.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                interrupted.set(true);
                webTorrent.close();
                stopped.countDown();
            }, "webtorrent-shutdown"));
            TorrentHandle handle = webTorrent.add(torrent, AddOptions.builder().trackers(extraTrackers).listener(new TorrentListener() {
                @Override
                public void onWarning(String message) {
                    err.println("webtorrent seed: warning: " + message.replace('\n', ' '));
                    err.flush();
                }

                @Override
                public void onError(Throwable error) { // the torrent stopped: its data is gone or unreadable
                    failure.set(error);
                    stopped.countDown();
                }
            }).build());
            handle.ready().get(1, TimeUnit.HOURS);
            PrintWriter out = spec.commandLine().getOut();
            out.println(torrent.toMagnetUri().toBuilder().peer(peerAddress(webTorrent)).build());
            if (!handle.done().isDone()) {
                out.println("warning: only " + handle.verifiedPieces().cardinality() + " of " + torrent.pieceCount()
                        + " pieces found in " + dataDir.toAbsolutePath());
            }
            out.println("seeding on port " + webTorrent.listenAddress().getPort() + "; press Ctrl-C to stop");
            out.flush();
            stopped.await();
            return failure.get() == null ? 0 : fail(err, failure.get().getMessage());
        } catch (Exception e) {
            // Ctrl-C while the data was checked ends the wait for it: no failure to report.
            return interrupted.get() ? 130 : fail(err, e.getMessage());
        }
    }

    /** Where this seeder can be dialed, for the magnet link's {@code x.pe}. */
    private static PeerAddress peerAddress(WebTorrent webTorrent) {
        InetSocketAddress a = webTorrent.listenAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return new PeerAddress(host, a.getPort());
    }

    private static int fail(PrintWriter err, String message) {
        err.println("webtorrent seed: " + String.valueOf(message).replace('\n', ' '));
        err.flush();
        return 1;
    }
}

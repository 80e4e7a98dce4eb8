package org.webtorrent4j.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.webtorrent4j.client.AddOptions;
import org.webtorrent4j.client.TorrentHandle;
import org.webtorrent4j.client.TorrentListener;
import org.webtorrent4j.client.WebTorrent;
import org.webtorrent4j.torrent.Torrent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code webtorrent download}: downloads a torrent, showing progress, and exits 0 only once every
 * selected file is complete and verified.
 */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = "Download a torrent from a .torrent file, a magnet link or an info-hash.")
public final class DownloadCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TORRENT", description = "A .torrent file, a magnet link or a 40-hex / 32-base32 info-hash.")
    String source;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Download folder (default: the current folder).")
    Path out = Path.of("");

    @Option(names = "--select", paramLabel = "N[,N...]", split = ",",
            description = "Download only these files (indexes as listed by 'webtorrent info').")
    List<Integer> select = new ArrayList<>();

    @Option(names = "--sequential", description = "Download pieces in order (for streaming).")
    boolean sequential;

    @Option(names = "--peer", paramLabel = "HOST:PORT", converter = PeerAddresses.class,
            description = "A peer to connect to; repeatable.")
    List<InetSocketAddress> peers = new ArrayList<>();

    @Option(names = "--tracker", paramLabel = "URL", converter = TrackerUrls.class,
            description = "Another tracker to announce to; repeatable.")
    List<String> trackers = new ArrayList<>();

    @Option(names = "--keep-seeding", description = "Keep seeding after the download, until Ctrl-C.")
    boolean keepSeeding;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: never).")
    long timeoutSeconds;

    @Mixin
    ClientFlags client;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Torrent torrent;
        try {
            torrent = TorrentArgument.load(source);
        } catch (IOException | IllegalArgumentException | UncheckedIOException e) {
            return fail(err, TorrentArgument.describe(e));
        }
        WebTorrent webTorrent;
        try {
            webTorrent = new WebTorrent(client.options(out));
        } catch (RuntimeException e) {
            return fail(err, "cannot start: " + e.getMessage());
        }
        CountDownLatch closed = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            webTorrent.close();
            closed.countDown();
        }, "webtorrent-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        // Printed between progress updates, so that they never break into the bar's line.
        Queue<String> warnings = new ConcurrentLinkedQueue<>();
        try {
            TorrentHandle handle;
            try {
                handle = webTorrent.add(torrent, AddOptions.builder()
                        .peers(peers).sequential(sequential).trackers(trackers).selected(Set.copyOf(select))
                        .listener(new TorrentListener() {
                            @Override
                            public void onWarning(String message) {
                                warnings.add(message);
                            }
                        })
                        .build());
            } catch (IllegalArgumentException e) {
                return fail(err, e.getMessage()); // e.g. a v2-only .torrent without its piece layers
            }
            return download(handle, warnings, err);
        } finally {
            if (!keepSeeding) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdown);
                    webTorrent.close();
                } catch (IllegalStateException shuttingDown) {
                    awaitQuietly(closed);
                }
            }
        }
    }

    private int download(TorrentHandle handle, Queue<String> warnings, PrintWriter err) {
        long started = System.nanoTime();
        PrintWriter out = spec.commandLine().getOut();
        ProgressPrinter progress = new ProgressPrinter(out, System.console() != null);
        long deadline = timeoutSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
        CompletableFuture<Void> done = handle.done();
        while (true) {
            try {
                done.get(1, TimeUnit.SECONDS);
                break;
            } catch (TimeoutException e) {
                printWarnings(warnings, progress, err);
                progress.print(handle);
                if (System.nanoTime() > deadline) {
                    progress.finish();
                    return fail(err, "timed out after " + timeoutSeconds + " s at "
                            + Math.round(handle.selectedProgress() * 100) + "%");
                }
            } catch (ExecutionException e) {
                progress.finish();
                Throwable cause = e.getCause();
                return fail(err, cause.getMessage() != null ? cause.getMessage() : cause.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail(err, "interrupted");
            }
        }
        printWarnings(warnings, progress, err);
        progress.print(handle);
        progress.finish();
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long bytes = handle.downloadedBytes();
        // The bar's rates are 5-second averages: a short download ends before they show anything.
        out.println("done: " + handle.torrent().name() + " (" + ProgressPrinter.bytes(bytes) + " in "
                + String.format(Locale.ROOT, "%.1f s, %s/s)", seconds, ProgressPrinter.bytes(bytes / seconds)));
        out.flush();
        if (keepSeeding) {
            out.println("seeding; press Ctrl-C to stop");
            out.flush();
            awaitQuietly(new CountDownLatch(1));
        }
        return 0;
    }

    private static void printWarnings(Queue<String> warnings, ProgressPrinter progress, PrintWriter err) {
        if (warnings.isEmpty()) {
            return;
        }
        progress.finish();
        for (String w; (w = warnings.poll()) != null; ) {
            err.println("webtorrent download: warning: " + w.replace('\n', ' '));
        }
        err.flush();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int fail(PrintWriter err, String message) {
        err.println("webtorrent download: " + String.valueOf(message).replace('\n', ' '));
        err.flush();
        return 1;
    }
}

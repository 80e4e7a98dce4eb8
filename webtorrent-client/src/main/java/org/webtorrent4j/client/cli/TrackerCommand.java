package org.webtorrent4j.client.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.webtorrent4j.tracker.server.TrackerServer;
import org.webtorrent4j.tracker.server.TrackerServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code webtorrent tracker}: runs a tracker in the foreground until Ctrl-C. */
@Command(name = "tracker", mixinStandardHelpOptions = true,
        description = "Run a BitTorrent/WebTorrent tracker (HTTP, UDP, WebSocket) in the foreground; Ctrl-C stops it.")
public final class TrackerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--http", paramLabel = "PORT", defaultValue = "8000",
            description = "HTTP announce/scrape/stats port; 0 picks one, -1 disables (default: ${DEFAULT-VALUE})")
    int httpPort;

    @Option(names = "--udp", paramLabel = "PORT", defaultValue = "8000",
            description = "UDP (BEP 15) port; 0 picks one, -1 disables (default: ${DEFAULT-VALUE})")
    int udpPort;

    @Option(names = "--ws", paramLabel = "PORT", defaultValue = "8001",
            description = "WebSocket (WebTorrent) port; 0 picks one, -1 disables (default: ${DEFAULT-VALUE})")
    int wsPort;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = "127.0.0.1",
            description = "address to bind; 0.0.0.0 or :: serves the network (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "600",
            description = "announce interval told to HTTP and UDP clients (default: ${DEFAULT-VALUE})")
    long intervalSeconds;

    private final CountDownLatch stop = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        TrackerServerOptions options = TrackerServerOptions.builder().host(host).httpPort(httpPort).udpPort(udpPort)
                .wsPort(wsPort).interval(Duration.ofSeconds(intervalSeconds)).build();
        try (TrackerServer server = TrackerServer.start(options)) {
            Thread hook = new Thread(stop::countDown, "tracker-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            printUrl(out, "HTTP tracker", server.httpAnnounceUrl());
            printUrl(out, "UDP tracker", server.udpAnnounceUrl());
            printUrl(out, "WebSocket tracker", server.wsAnnounceUrl());
            if (server.httpPort() >= 0) {
                out.println("Stats: " + server.httpAnnounceUrl().replace("/announce", "/stats"));
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            stop.await();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting because of Ctrl-C
            }
        }
        out.println("Tracker stopped.");
        out.flush();
        return 0;
    }

    /** Stops a running tracker as Ctrl-C does (for tests and embedding). */
    void stop() {
        stop.countDown();
    }

    private static void printUrl(PrintWriter out, String what, String url) {
        if (url != null) {
            out.println(what + ": " + url);
        }
    }
}

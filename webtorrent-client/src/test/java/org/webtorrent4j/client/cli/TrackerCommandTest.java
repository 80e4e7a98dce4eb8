package org.webtorrent4j.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.client.TrackerClient;
import org.webtorrent4j.tracker.client.TrackerClientOptions;
import picocli.CommandLine;

class TrackerCommandTest {
    @Test
    void runsPrintsUrlsServesAndStops() throws Exception {
        TrackerCommand command = new TrackerCommand();
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(command).setOut(new PrintWriter(text, true));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> cli.execute("--http", "0", "--udp", "0", "--ws", "0", "--host", "127.0.0.1"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!text.toString().contains("Ctrl-C")) {
            assertTrue(System.nanoTime() < deadline, "no URLs printed: " + text);
            Thread.sleep(20);
        }
        Matcher udp = Pattern.compile("UDP tracker: (udp://\\S+)").matcher(text.toString());
        assertTrue(udp.find(), text.toString());
        assertTrue(text.toString().contains("HTTP tracker: http://127.0.0.1:"));
        assertTrue(text.toString().contains("WebSocket tracker: ws://127.0.0.1:"));
        try (TrackerClient c = TrackerClient.create(TrackerClientOptions.builder(Id20.random()).port(1234)
                .tier(udp.group(1)).build())) {
            assertEquals(1, c.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS).incomplete());
        }
        command.stop();
        assertEquals(0, exit.get(30, TimeUnit.SECONDS));
        assertTrue(text.toString().contains("Tracker stopped."));
    }

    @Test
    void isRegisteredAsSubcommand() {
        assertTrue(new CommandLine(new WebTorrentCli()).getSubcommands().containsKey("tracker"));
    }
}

package org.webtorrent4j.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real third-party peer running as a child process for an interop test: reads its output
 * line by line and stops it (closing its stdin, then killing it) on close. Start it only after
 * {@link Interop#assumeLoopbackOnlyNamespace()}.
 */
public final class RealPeer implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private RealPeer(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    public static RealPeer start(List<String> command, Map<String, String> environment) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(environment);
            return new RealPeer(pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A python3-libtorrent peer from {@code lt_peer.py} (modes seed, leech, magnet, metadata,
     * hybrid, and create-v2 which only writes a torrent: see the script), confined to 127.0.0.1
     * with DHT, LSD, UPnP, NAT-PMP, PEX and uTP off.
     */
    public static RealPeer libtorrent(Map<String, String> environment, String... args) {
        Path script = extract("lt_peer.py");
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(List.of(args));
        return start(command, environment);
    }

    /** Waits for a line starting with {@code prefix} and returns it. */
    public String awaitLine(String prefix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                String line = out.readLine();
                if (line == null) {
                    throw new AssertionError("process ended before '" + prefix + "'; output: " + lines);
                }
                lines.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no '" + prefix + "' within " + timeout + "; output: " + lines);
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static Path extract(String resource) {
        try (InputStream in = RealPeer.class.getResourceAsStream(resource)) {
            Path file = Files.createTempFile("webtorrent4j-", "-" + resource);
            file.toFile().deleteOnExit();
            Files.write(file, in.readAllBytes());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

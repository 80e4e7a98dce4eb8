package org.webtorrent4j.tracker.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real program running in the background for the length of a test; its output goes to a file. */
final class RunningProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private RunningProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RunningProcess start(List<String> command, Path dir) {
        try {
            Path log = Files.createTempFile("interop", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            return new RunningProcess(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the program prints {@code text}. */
    void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("never printed '" + text + "' (alive=" + process.isAlive() + "):\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until a TCP port on 127.0.0.1 accepts connections. */
    void awaitTcpPort(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("port " + port + " never opened (alive=" + process.isAlive() + "):\n" + output());
                }
                Thread.sleep(50);
            }
        }
    }

    Process process() {
        return process;
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        Files.deleteIfExists(log);
    }
}

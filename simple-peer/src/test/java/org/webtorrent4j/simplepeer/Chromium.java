package org.webtorrent4j.simplepeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Debian's headless Chromium showing one page, with a fresh profile and no background traffic. */
public final class Chromium implements AutoCloseable {
    private final Process process;
    private final Path profile;
    private final Path log;

    public Chromium(Path binary, URI page) throws IOException {
        profile = Files.createTempDirectory("chromium-profile");
        log = Files.createTempFile("chromium", ".log");
        process = new ProcessBuilder(List.of(binary.toString(),
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--mute-audio",
                // Show real host candidates instead of mDNS names Java cannot resolve.
                "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile, page.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

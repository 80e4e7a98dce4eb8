package org.webtorrent4j.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared test fixtures ({@code ../shared/fixtures} beside the repository, from WebTorrent, MIT). */
public final class Fixtures {
    private Fixtures() {}

    /** The fixtures folder: {@code -Dwebtorrent4j.fixtures=DIR}, or {@code shared/fixtures} beside an ancestor of the working directory. */
    public static Path dir() {
        String configured = System.getProperty("webtorrent4j.fixtures");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/fixtures not found beside any parent of " + Path.of("").toAbsolutePath());
    }

    public static Path path(String name) {
        return dir().resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

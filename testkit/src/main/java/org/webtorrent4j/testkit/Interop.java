package org.webtorrent4j.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Preconditions of interop tests that drive real third-party clients. A test that cannot run
 * here is skipped, and the reason is printed so a CI log shows why.
 *
 * <p>Real clients may reach for the network by default (DHT routers, LSD multicast, built-in
 * trackers), so they run only where the sole network interface is loopback: a namespace made
 * with {@code unshare -n}, as {@code scripts/test.sh} does.
 */
public final class Interop {
    private Interop() {}

    /** Skips unless this process sees no network interface but loopback. */
    public static void assumeLoopbackOnlyNamespace() {
        List<String> others = nonLoopbackInterfaces();
        skipUnless(others.isEmpty(), "not in a loopback-only network namespace (interfaces " + others
                + "); run scripts/test.sh, which uses 'unshare -n'");
    }

    /** Name prefix of the interfaces scripts/test.sh creates for WebRTC tests (a dummy or veth). */
    public static final String WEBRTC_INTERFACE_PREFIX = "wrtc";

    /**
     * Skips unless this process is in a network namespace made for WebRTC tests: loopback plus
     * at least one interface named {@code wrtc*} (libwebrtc ignores loopback, so it needs one
     * more interface) and nothing else, so no WebRTC traffic can reach a real network.
     * Returns the IPv4 address of the first {@code wrtc*} interface.
     */
    public static InetAddress assumeWebRtcNamespace() {
        List<String> others = nonLoopbackInterfaces();
        boolean onlyOurs = !others.isEmpty() && others.stream().allMatch(n -> n.startsWith(WEBRTC_INTERFACE_PREFIX));
        skipUnless(onlyOurs, "not in a WebRTC test namespace (interfaces besides lo: " + others
                + "; expected only " + WEBRTC_INTERFACE_PREFIX + "*); run scripts/test.sh, which makes one with 'unshare -n'");
        try {
            for (String name : others) {
                for (InetAddress a : Collections.list(NetworkInterface.getByName(name).getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        return a;
                    }
                }
            }
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        skipUnless(false, "the " + WEBRTC_INTERFACE_PREFIX + "* interfaces have no IPv4 address");
        throw new AssertionError("unreachable");
    }

    /** The path of an executable found on PATH, or a skip with the reason printed. */
    public static Path assumeBinary(String name) {
        Optional<Path> found = findBinary(name);
        skipUnless(found.isPresent(), "'" + name + "' is not installed (see .ci/run for the packages)");
        return found.orElseThrow();
    }

    /** Skips unless Debian's /usr/bin/python3 can import the module (e.g. libtorrent). */
    public static Path assumePythonModule(String module) {
        Path python = Path.of("/usr/bin/python3");
        boolean ok = Files.isExecutable(python) && ProcessRunner.run(java.time.Duration.ofSeconds(30),
                python.toString(), "-c", "import " + module).exitCode() == 0;
        skipUnless(ok, "python module '" + module + "' is not importable by /usr/bin/python3 (apt-get install python3-" + module + ")");
        return python;
    }

    public static Optional<Path> findBinary(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A TCP port free on 127.0.0.1 at the time of the call. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void skipUnless(boolean condition, String reason) {
        if (!condition) {
            System.err.println("SKIPPED: " + reason);
        }
        assumeTrue(condition, reason);
    }

    private static List<String> nonLoopbackInterfaces() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(i -> !isLoopback(i))
                    .map(NetworkInterface::getName)
                    .toList();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLoopback(NetworkInterface i) {
        try {
            return i.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}

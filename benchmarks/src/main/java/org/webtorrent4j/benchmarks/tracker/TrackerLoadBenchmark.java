package org.webtorrent4j.benchmarks.tracker;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.server.TrackerServer;
import org.webtorrent4j.tracker.server.TrackerServerOptions;

/**
 * Loopback load benchmark of our tracker against opentracker in the same run: UDP and HTTP
 * announces per second and memory per tracked peer. Bounded in time (about a minute with the
 * defaults) and in count; talks only to 127.0.0.1. Run it inside {@code unshare -n}.
 *
 * <pre>
 * java -cp ... org.webtorrent4j.benchmarks.tracker.TrackerLoadBenchmark [--seconds 10] [--threads 2]
 *      [--channels 4] [--window 64] [--swarms 1000] [--peers 100] [--http-threads 8] [--http-seconds 5]
 *      [--memory-peers 200000]
 * </pre>
 */
public final class TrackerLoadBenchmark {
    private TrackerLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, Integer> o = options(args);
        int seconds = o.get("seconds");
        List<Id20> swarms = hashes(o.get("swarms"));
        int peers = o.get("peers");
        System.out.printf("tracker load: %d swarms x %d peers, UDP %d s with %d threads x %d channels x %d in flight, "
                + "HTTP %d s with %d connections at once; %d cores%n", swarms.size(), peers, seconds, o.get("threads"),
                o.get("channels"), o.get("window"), o.get("http-seconds"), o.get("http-threads"),
                Runtime.getRuntime().availableProcessors());

        double[] ours;
        try (TrackerServer server = TrackerServer.start(TrackerServerOptions.builder().wsPort(-1).build())) {
            ours = measure("webtorrent4j", new InetSocketAddress("127.0.0.1", server.udpPort()),
                    new InetSocketAddress("127.0.0.1", server.httpPort()), swarms, peers, o);
        }
        Optional<Path> opentracker = findBinary("opentracker");
        double[] theirs = null;
        if (opentracker.isPresent()) {
            try (Opentracker ot = Opentracker.start(opentracker.get(), swarms)) {
                theirs = measure("opentracker", new InetSocketAddress("127.0.0.1", ot.port),
                        new InetSocketAddress("127.0.0.1", ot.port), swarms, peers, o);
            }
        } else {
            System.out.println("opentracker not installed: no comparison");
        }
        System.out.println();
        System.out.printf("%-14s %14s %14s%n", "tracker", "UDP ann./s", "HTTP ann./s");
        System.out.printf("%-14s %,14.0f %,14.0f%n", "webtorrent4j", ours[0], ours[1]);
        if (theirs != null) {
            System.out.printf("%-14s %,14.0f %,14.0f%n", "opentracker", theirs[0], theirs[1]);
            System.out.printf("%-14s %14.2f %14.2f%n", "ratio", ours[0] / theirs[0], ours[1] / theirs[1]);
        }
        memory(o.get("memory-peers"), opentracker);
    }

    private static double[] measure(String name, InetSocketAddress udp, InetSocketAddress http, List<Id20> swarms,
            int peers, Map<String, Integer> o) throws Exception {
        UdpAnnounceLoad load = new UdpAnnounceLoad(udp, swarms, peers);
        load.populate(256);
        load.run(o.get("threads"), o.get("channels"), o.get("window"), 3000); // warm-up
        UdpAnnounceLoad.Result r = load.run(o.get("threads"), o.get("channels"), o.get("window"), o.get("seconds") * 1000L);
        System.out.printf("%s UDP: %,.0f announces/s (%,d answered, %,d lost, %.1f s)%n", name, r.perSecond(), r.replies(),
                r.lost(), r.seconds());
        HttpAnnounceLoad h = new HttpAnnounceLoad(http, swarms, peers);
        h.run(o.get("http-threads"), 1000); // warm-up
        double httpRate = h.run(o.get("http-threads"), o.get("http-seconds") * 1000L);
        System.out.printf("%s HTTP: %,.0f announces/s%n", name, httpRate);
        return new double[] {r.perSecond(), httpRate};
    }

    /** Heap per peer for our tracker (same JVM) and resident memory per peer for opentracker. */
    private static void memory(int count, Optional<Path> opentracker) throws Exception {
        int perSwarm = 100;
        List<Id20> swarms = hashes(Math.max(1, count / perSwarm));
        long total = (long) swarms.size() * perSwarm;
        try (TrackerServer server = TrackerServer.start(TrackerServerOptions.builder().wsPort(-1).httpPort(-1).build())) {
            long before = usedHeapAfterGc();
            new UdpAnnounceLoad(new InetSocketAddress("127.0.0.1", server.udpPort()), swarms, perSwarm).populate(256);
            long tracked = server.stats().get(30, TimeUnit.SECONDS).peers();
            long after = usedHeapAfterGc();
            System.out.printf("%nmemory, webtorrent4j: %,d peers tracked, %,.0f bytes of heap per peer%n", tracked,
                    (after - before) / (double) tracked);
        }
        if (opentracker.isPresent()) {
            try (Opentracker ot = Opentracker.start(opentracker.get(), swarms)) {
                long before = ot.residentBytes();
                new UdpAnnounceLoad(new InetSocketAddress("127.0.0.1", ot.port), swarms, perSwarm).populate(256);
                long after = ot.residentBytes();
                System.out.printf("memory, opentracker: %,d peers announced, %,.0f bytes of resident memory per peer%n",
                        total, (after - before) / (double) total);
            }
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static List<Id20> hashes(int n) {
        List<Id20> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Id20.random());
        }
        return list;
    }

    private static Map<String, Integer> options(String[] args) {
        Map<String, Integer> o = new HashMap<>(Map.of("seconds", 10, "threads", 2, "channels", 4, "window", 64,
                "swarms", 1000, "peers", 100, "http-threads", 8, "http-seconds", 5, "memory-peers", 200_000));
        for (int i = 0; i + 1 < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!o.containsKey(key)) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
            }
            o.put(key, Integer.parseInt(args[i + 1]));
        }
        return o;
    }

    private static Optional<Path> findBinary(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Debian's opentracker on 127.0.0.1, whitelisting the benchmark's torrents. */
    private static final class Opentracker implements AutoCloseable {
        final Process process;
        final int port;
        final Path dir;

        private Opentracker(Process process, int port, Path dir) {
            this.process = process;
            this.port = port;
            this.dir = dir;
        }

        static Opentracker start(Path binary, List<Id20> swarms) throws IOException, InterruptedException {
            Path dir = Files.createTempDirectory("opentracker");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path whitelist = dir.resolve("whitelist");
            Files.writeString(whitelist, swarms.stream().map(Id20::hex).collect(Collectors.joining("\n", "", "\n")));
            Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-i", "127.0.0.1", "-p", "" + port, "-P", "" + port,
                    "-d", dir.toString(), "-w", "whitelist"));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("-u", "_opentracker"));
            }
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                    break;
                } catch (IOException notYet) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        p.destroyForcibly();
                        throw new IOException("opentracker did not start: " + Files.readString(dir.resolve("log")));
                    }
                    Thread.sleep(50);
                }
            }
            return new Opentracker(p, port, dir);
        }

        long residentBytes() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            return 0;
        }

        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}

package org.webtorrent4j.benchmarks.swarm;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.webtorrent4j.client.AddOptions;
import org.webtorrent4j.client.ClientOptions;
import org.webtorrent4j.client.TorrentHandle;
import org.webtorrent4j.client.WebTorrent;
import org.webtorrent4j.swarm.SwarmOptions;
import org.webtorrent4j.torrent.Torrent;

/**
 * One side of the loopback swarm benchmark ({@code benchmarks/swarm-loopback.sh}), as its own
 * process so that the leecher's CPU time and heap are its own.
 *
 * <pre>
 *   seed  TORRENT DIR PORT       seed from DIR on 127.0.0.1:PORT; print READY; run until killed
 *   leech TORRENT DIR PEERPORT   download into DIR from 127.0.0.1:PEERPORT;
 *                                print "DONE seconds cpu-seconds peak-heap-MiB"
 *   warm  TORRENT DIR PEERPORT [N]
 *                                the same download N + 1 times in one JVM (N = 1 by default), each
 *                                copy deleted before the next; prints the last: a long-running
 *                                client's JIT is warm, while a fresh JVM spends about a third of a
 *                                4-second run compiling
 * </pre>
 */
public final class SwarmBenchmark {
    private SwarmBenchmark() {}

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Torrent torrent = Torrent.parse(Path.of(args[1]));
        Path dir = Path.of(args[2]);
        int port = Integer.parseInt(args[3]);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        ClientOptions options = ClientOptions.builder()
                .downloadDir(dir)
                .dht(false)
                .trackers(false)
                .pex(false)
                .swarm(SwarmOptions.builder().listen(new InetSocketAddress(loopback, mode.equals("seed") ? port : 0)).build())
                .build();
        try (WebTorrent client = new WebTorrent(options)) {
            if (mode.equals("seed")) {
                client.add(torrent, AddOptions.defaults()).done().join();
                java.util.Map<String, Double> threadsAtStart = cpuByThread();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        System.err.println("seeder CPU by thread (s): " + format(since(threadsAtStart, cpuByThread())));
                    } catch (java.io.IOException e) {
                        System.err.println("seeder CPU by thread: " + e);
                    }
                }));
                System.out.println("READY");
                System.out.flush();
                new CountDownLatch(1).await();
            }
            AddOptions add = AddOptions.builder().peers(List.of(new InetSocketAddress(loopback, port))).build();
            int earlier = mode.equals("warm") ? (args.length > 4 ? Integer.parseInt(args[4]) : 1) : 0;
            for (int i = 0; i < earlier; i++) {
                TorrentHandle first = client.add(torrent, add);
                first.done().join();
                client.remove(first, true).join();
            }
            // Reading /proc for every thread, and the first use of the management bean, take a fresh
            // JVM about 20 and 15 ms: done before the clock starts.
            java.util.Map<String, Double> threadsAtStart = cpuByThread();
            long cpuStart = cpuNanos();
            long start = System.nanoTime();
            TorrentHandle h = client.add(torrent, add);
            h.done().join();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpuNanos() - cpuStart) / 1e9;
            System.out.printf("DONE %.3f %.3f %d%n", seconds, cpu, peakHeapMiB());
            System.err.println("CPU by thread (s): " + format(since(threadsAtStart, cpuByThread())));
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * The process's CPU seconds per kind of thread (JIT compilers, GC, event loops, hash and disk
     * pools...), from /proc, JVM threads included; empty where /proc is missing.
     */
    private static java.util.Map<String, Double> cpuByThread() throws java.io.IOException {
        java.util.Map<String, Double> byKind = new java.util.HashMap<>();
        double ticksPerSecond = 100; // USER_HZ on Linux
        Path tasks = Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return byKind;
        }
        try (var list = java.nio.file.Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                String stat;
                try {
                    stat = java.nio.file.Files.readString(task.resolve("stat"));
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / ticksPerSecond;
                byKind.merge(name.replaceAll("[-#]?[0-9]+$", "").trim(), seconds, Double::sum);
            }
        }
        return byKind;
    }

    private static java.util.Map<String, Double> since(java.util.Map<String, Double> start, java.util.Map<String, Double> end) {
        java.util.Map<String, Double> delta = new java.util.HashMap<>(end);
        start.forEach((kind, seconds) -> delta.merge(kind, -seconds, Double::sum));
        return delta;
    }

    private static String format(java.util.Map<String, Double> byKind) {
        StringBuilder out = new StringBuilder();
        byKind.entrySet().stream().filter(e -> e.getValue() >= 0.05)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("%s %.2f; ", e.getKey(), e.getValue())));
        return out.toString();
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}

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
 *   warm  TORRENT DIR PEERPORT   the same download twice in one JVM, deleting the first copy;
 *                                prints the second: a long-running client's JIT is warm, while a
 *                                fresh JVM spends about a third of a 4-second run compiling
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
                System.out.println("READY");
                System.out.flush();
                new CountDownLatch(1).await();
            }
            AddOptions add = AddOptions.builder().peers(List.of(new InetSocketAddress(loopback, port))).build();
            if (mode.equals("warm")) {
                TorrentHandle first = client.add(torrent, add);
                first.done().join();
                client.remove(first, true).join();
            }
            long start = System.nanoTime();
            long cpuStart = cpuNanos();
            TorrentHandle h = client.add(torrent, add);
            h.done().join();
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpu = (cpuNanos() - cpuStart) / 1e9;
            System.out.printf("DONE %.3f %.3f %d%n", seconds, cpu, peakHeapMiB());
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
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

package org.webtorrent4j.benchmarks.dht;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.webtorrent4j.dht.DhtNode;
import org.webtorrent4j.dht.DhtOptions;
import org.webtorrent4j.dht.LookupResult;
import org.webtorrent4j.dht.NodeId;
import org.webtorrent4j.dht.NodeInfo;
import org.webtorrent4j.dht.RoutingTable;
import org.webtorrent4j.dht.krpc.KrpcCodec;
import org.webtorrent4j.dht.krpc.KrpcQuery;

/**
 * Loopback-only DHT figures: lookup latency and queries per lookup in a horde of real nodes, heap
 * per routing-table entry, and queries per second one node answers. Every address is in 127/8.
 *
 * <p>Run: {@code mvn -B -ntp -o -q -pl benchmarks -am package dependency:build-classpath
 * -DskipTests -Dmdep.outputFile=/tmp/cp.txt && java -cp benchmarks/target/classes:$(cat /tmp/cp.txt)
 * org.webtorrent4j.benchmarks.dht.DhtBenchmark [nodes] [lookups] [seconds]}
 */
public final class DhtBenchmark {
    private DhtBenchmark() {}

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.printf("machine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        memoryPerEntry();
        horde(nodes, lookups);
        packetsPerSecond(seconds);
    }

    static InetAddress loopback(int i) throws Exception {
        int n = i + 2;
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (n >>> 8), (byte) n});
    }

    /** Lookups started one after another from random nodes of a loopback horde. */
    static void horde(int count, int lookups) throws Exception {
        Random random = new Random(1);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        List<DhtNode> nodes = new ArrayList<>();
        try {
            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> joins = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<InetSocketAddress> boot = new ArrayList<>();
                for (int b = 0; b < 3 && !nodes.isEmpty(); b++) {
                    boot.add(nodes.get(random.nextInt(nodes.size())).localAddress());
                }
                DhtNode n = DhtNode.start(DhtOptions.builder().bindAddress(loopback(i)).port(0).bootstrap(boot)
                        .eventLoopGroup(group).nodeId(NodeId.random(random)).build());
                nodes.add(n);
                joins.add(n.bootstrapped());
                if (joins.size() == 25) {
                    CompletableFuture.allOf(joins.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                    joins.clear();
                }
            }
            CompletableFuture.allOf(joins.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            System.out.printf("horde: %d nodes joined in %.1f s%n", count, (System.nanoTime() - t0) / 1e9);
            List<NodeId> hashes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                NodeId h = NodeId.random(random);
                nodes.get(random.nextInt(count)).announce(h, 20_000 + i).get(60, TimeUnit.SECONDS);
                hashes.add(h);
            }
            double[] millis = new double[lookups];
            long queries = 0;
            long hops = 0;
            int found = 0;
            for (int i = 0; i < lookups; i++) {
                long start = System.nanoTime();
                LookupResult r = nodes.get(random.nextInt(count)).lookup(hashes.get(i % hashes.size())).get(60, TimeUnit.SECONDS);
                millis[i] = (System.nanoTime() - start) / 1e6;
                queries += r.queries();
                hops += r.hops();
                found += r.peers().isEmpty() ? 0 : 1;
            }
            Arrays.sort(millis);
            System.out.printf("lookup: %d sequential lookups, found %d; latency median %.1f ms, p90 %.1f ms, max %.1f ms;"
                            + " %.1f queries and %.2f hops per lookup%n", lookups, found, millis[lookups / 2],
                    millis[lookups * 9 / 10], millis[lookups - 1], queries / (double) lookups, hops / (double) lookups);
        } finally {
            nodes.forEach(DhtNode::close);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        }
    }

    /** Heap retained by full routing tables divided by the nodes they hold (cache entries included). */
    static void memoryPerEntry() throws Exception {
        Random random = new Random(2);
        int tables = 300;
        int inserts = 3000;
        long before = usedHeap();
        List<RoutingTable> keep = new ArrayList<>();
        for (int t = 0; t < tables; t++) {
            RoutingTable table = new RoutingTable(NodeId.random(random), 8, 2, System::currentTimeMillis);
            for (int i = 0; i < inserts; i++) {
                byte[] ip = {10, (byte) random.nextInt(256), (byte) random.nextInt(256), (byte) random.nextInt(256)};
                table.recordResponse(new NodeInfo(NodeId.random(random),
                        new InetSocketAddress(InetAddress.getByAddress(ip), 1024 + random.nextInt(60000))));
            }
            keep.add(table);
        }
        long after = usedHeap();
        int inTables = keep.stream().mapToInt(RoutingTable::size).sum();
        long entries = inTables + keep.stream().mapToLong(RoutingTable::replacementCount).sum();
        System.out.printf("memory: %d tables, %d nodes in buckets, %d entries counting replacement caches;"
                        + " %.0f bytes of heap per entry (bucket overhead included)%n", tables, inTables,
                entries, (after - before) / (double) Math.max(1, entries));
        keep.clear();
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** Four loopback clients keep get_peers queries in flight against one node for a few seconds. */
    static void packetsPerSecond(int seconds) throws Exception {
        DhtOptions options = DhtOptions.builder().bindAddress(loopback(0)).port(0)
                .queriesPerSecondPerIp(1e9).queryBurstPerIp(1_000_000).build();
        try (DhtNode node = DhtNode.start(options)) {
            int clients = 4;
            int window = 64;
            AtomicLong answers = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                InetAddress ip = loopback(100 + c);
                threads.add(new Thread(() -> runClient(ip, node.localAddress(), window, end, answers)));
            }
            long start = System.nanoTime();
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("throughput: one node answered %.0f get_peers queries/s (%d clients, %d in flight each, %.1f s)%n",
                    answers.get() / elapsed, clients, window, elapsed);
        }
    }

    private static void runClient(InetAddress ip, InetSocketAddress to, int window, long end, AtomicLong answers) {
        try (DatagramSocket s = new DatagramSocket(0, ip)) {
            s.setSoTimeout(200);
            s.setReceiveBufferSize(1 << 20);
            NodeId self = NodeId.random();
            Random random = new Random();
            byte[] buf = new byte[4096];
            int outstanding = 0;
            int tid = 0;
            while (System.nanoTime() < end) {
                while (outstanding < window) {
                    byte[] t = {(byte) (tid >>> 8), (byte) tid++};
                    byte[] q = KrpcCodec.encode(new KrpcQuery(t, self, true, new KrpcQuery.GetPeers(NodeId.random(random), Set.of())));
                    s.send(new DatagramPacket(q, q.length, to));
                    outstanding++;
                }
                try {
                    s.receive(new DatagramPacket(buf, buf.length));
                    outstanding--;
                    answers.incrementAndGet();
                } catch (SocketTimeoutException lost) {
                    outstanding = 0;
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

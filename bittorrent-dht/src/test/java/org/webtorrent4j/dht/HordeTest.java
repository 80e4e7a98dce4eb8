package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 500 real nodes on loopback UDP in one JVM (two shared event-loop threads): every announced
 * info-hash must be found by lookups started from random nodes.
 */
class HordeTest {
    static final int NODES = 500;
    static final int INFO_HASHES = 100;
    static final int LOOKUPS_PER_HASH = 3;

    @Test
    void everyAnnouncedInfoHashIsFoundFromRandomNodes() throws Exception {
        Random random = new Random(2024);
        long start = System.nanoTime();
        try (LoopbackNetwork net = new LoopbackNetwork(2024).grow(NODES)) {
            long joined = System.nanoTime();
            List<NodeId> hashes = new ArrayList<>();
            List<InetSocketAddress> expected = new ArrayList<>();
            List<CompletableFuture<AnnounceResult>> announces = new ArrayList<>();
            for (int i = 0; i < INFO_HASHES; i++) {
                NodeId hash = NodeId.random(random);
                DhtNode announcer = net.random();
                hashes.add(hash);
                expected.add(new InetSocketAddress(announcer.localAddress().getAddress(), 10_000 + i));
                announces.add(announcer.announce(hash, 10_000 + i));
            }
            int storedTotal = 0;
            for (CompletableFuture<AnnounceResult> a : announces) {
                storedTotal += a.get(60, TimeUnit.SECONDS).stored();
            }
            int found = 0;
            long queries = 0;
            long hops = 0;
            int lookups = 0;
            List<CompletableFuture<LookupResult>> batch = new ArrayList<>();
            List<Integer> batchIndex = new ArrayList<>();
            for (int round = 0; round < LOOKUPS_PER_HASH; round++) {
                for (int i = 0; i < INFO_HASHES; i++) {
                    batch.add(net.random().lookup(hashes.get(i)));
                    batchIndex.add(i);
                }
            }
            for (int j = 0; j < batch.size(); j++) {
                LookupResult r = batch.get(j).get(60, TimeUnit.SECONDS);
                lookups++;
                queries += r.queries();
                hops += r.hops();
                if (r.peers().contains(expected.get(batchIndex.get(j)))) {
                    found++;
                }
            }
            long end = System.nanoTime();
            System.out.printf("horde: %d nodes joined in %.1f s; %d announces stored on %.1f nodes each;"
                            + " %d/%d lookups found their peer (%.1f%%), %.1f queries and %.2f hops per lookup,"
                            + " lookups took %.1f s in all%n", NODES, (joined - start) / 1e9, INFO_HASHES,
                    storedTotal / (double) INFO_HASHES, found, lookups, 100.0 * found / lookups,
                    queries / (double) lookups, hops / (double) lookups, (end - joined) / 1e9);
            assertTrue(storedTotal >= INFO_HASHES * 4, "announces reached too few nodes: " + storedTotal);
            assertEquals(lookups, found, "every lookup finds its announced peer");
        }
    }
}

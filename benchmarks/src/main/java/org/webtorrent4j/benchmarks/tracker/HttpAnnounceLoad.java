package org.webtorrent4j.benchmarks.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.http.HttpAnnounceQuery;

/**
 * HTTP announces as most BitTorrent clients send them: one request per connection
 * ({@code Connection: close}, the tracker closes first), from several threads at once.
 */
final class HttpAnnounceLoad {
    private final InetSocketAddress target;
    private final List<Id20> swarms;
    private final int peersPerSwarm;

    HttpAnnounceLoad(InetSocketAddress target, List<Id20> swarms, int peersPerSwarm) {
        this.target = target;
        this.swarms = swarms;
        this.peersPerSwarm = peersPerSwarm;
    }

    /** Replies per second over {@code millis}, with {@code threads} concurrent requests. */
    double run(int threads, long millis) throws InterruptedException {
        AtomicLong replies = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + millis * 1_000_000;
        long start = System.nanoTime();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long first = t * 1_000_003L;
            Thread w = new Thread(() -> {
                byte[] buf = new byte[8192];
                for (long n = first; System.nanoTime() < end; n++) {
                    try (Socket s = new Socket()) {
                        s.setSoTimeout(10_000);
                        s.connect(target, 10_000);
                        s.getOutputStream().write(request(n));
                        InputStream in = s.getInputStream();
                        int total = 0;
                        for (int r; (r = in.read(buf)) > 0;) {
                            total += r;
                        }
                        if (total > 0) {
                            replies.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                }
            }, "http-load-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failures.get() > replies.get() / 100) {
            System.out.println("  (HTTP failures: " + failures.get() + ")");
        }
        return replies.get() / ((System.nanoTime() - start) / 1e9);
    }

    private byte[] request(long n) {
        int swarm = (int) Math.floorMod(n, (long) swarms.size());
        int peer = (int) Math.floorMod(n / swarms.size(), (long) peersPerSwarm);
        byte[] peerId = new byte[20];
        peerId[0] = '-';
        peerId[19] = (byte) peer;
        peerId[18] = (byte) (peer >> 8);
        String query = HttpAnnounceQuery.encode(new AnnounceRequest(swarms.get(swarm), Id20.of(peerId), 1024 + peer, 0, 0,
                1000, AnnounceEvent.NONE, 50, 0, null, null));
        return ("GET /announce?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}

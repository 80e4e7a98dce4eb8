package org.webtorrent4j.benchmarks.tracker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.udp.UdpTrackerCodec;

/**
 * A BEP 15 announce generator: each thread owns several non-blocking datagram channels and keeps
 * a window of requests in flight on each, so the tracker, not the generator, sets the pace.
 * Announces cycle through {@code swarms × peersPerSwarm} distinct peers (announced ports).
 */
final class UdpAnnounceLoad {
    record Result(long replies, long lost, double seconds) {
        double perSecond() {
            return replies / seconds;
        }
    }

    private final InetSocketAddress target;
    private final List<Id20> swarms;
    private final int peersPerSwarm;

    UdpAnnounceLoad(InetSocketAddress target, List<Id20> swarms, int peersPerSwarm) {
        this.target = target;
        this.swarms = swarms;
        this.peersPerSwarm = peersPerSwarm;
    }

    /** Announces for {@code millis} with {@code threads × channels} channels of {@code window} requests each. */
    Result run(int threads, int channelsPerThread, int window, long millis) throws InterruptedException {
        AtomicLong replies = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        long end = System.nanoTime() + millis * 1_000_000;
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            Thread w = new Thread(() -> {
                try {
                    worker(seed, channelsPerThread, window, end, replies, lost);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, "udp-load-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        return new Result(replies.get(), lost.get(), (System.nanoTime() - start) / 1e9);
    }

    /** Announces every peer once, {@code window} at a time per channel (to fill a tracker). */
    long populate(int window) throws IOException {
        long total = (long) swarms.size() * peersPerSwarm;
        try (DatagramChannel ch = open(); Selector selector = Selector.open()) {
            ch.register(selector, SelectionKey.OP_READ);
            long connectionId = connect(ch, selector);
            ByteBuffer in = ByteBuffer.allocate(4096);
            long sent = 0;
            long answered = 0;
            int inFlight = 0;
            long lastProgress = System.nanoTime();
            while (answered < total) {
                while (inFlight < window && sent < total) {
                    ch.write(ByteBuffer.wrap(announce(connectionId, (int) sent, sent)));
                    sent++;
                    inFlight++;
                }
                if (selector.select(20) > 0) {
                    selector.selectedKeys().clear();
                    in.clear();
                    while (ch.read(in) > 0) {
                        in.clear();
                        answered++;
                        inFlight--;
                        lastProgress = System.nanoTime();
                    }
                } else if (System.nanoTime() - lastProgress > 200_000_000L) {
                    // lost datagrams: count them as answered-by-timeout and resend the tail later
                    sent -= inFlight;
                    inFlight = 0;
                    lastProgress = System.nanoTime();
                }
            }
            return answered;
        }
    }

    private void worker(int seed, int channels, int window, long end, AtomicLong replies, AtomicLong lost) throws IOException {
        try (Selector selector = Selector.open()) {
            List<DatagramChannel> list = new ArrayList<>();
            long[] ids = new long[channels];
            int[] inFlight = new int[channels];
            long[] lastReply = new long[channels];
            long[] counter = new long[channels];
            for (int c = 0; c < channels; c++) {
                DatagramChannel ch = open();
                list.add(ch);
                try (Selector s = Selector.open()) {
                    ch.register(s, SelectionKey.OP_READ);
                    ids[c] = connect(ch, s);
                    ch.keyFor(s).cancel();
                    s.selectNow();
                }
                ch.register(selector, SelectionKey.OP_READ, c);
                counter[c] = (long) (seed * channels + c) * 7919;
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            long done = 0;
            long dropped = 0;
            while (System.nanoTime() < end) {
                for (int c = 0; c < channels; c++) {
                    DatagramChannel ch = list.get(c);
                    while (inFlight[c] < window) {
                        ch.write(ByteBuffer.wrap(announce(ids[c], (int) counter[c], counter[c])));
                        counter[c]++;
                        inFlight[c]++;
                    }
                }
                selector.select(5);
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                for (int c = 0; c < channels; c++) {
                    DatagramChannel ch = list.get(c);
                    in.clear();
                    while (ch.read(in) > 0) {
                        in.clear();
                        inFlight[c]--;
                        done++;
                        lastReply[c] = now;
                    }
                    if (now - lastReply[c] > 100_000_000L && inFlight[c] > 0) {
                        dropped += inFlight[c]; // a whole window went unanswered: count it lost, refill
                        inFlight[c] = 0;
                        lastReply[c] = now;
                    }
                }
            }
            replies.addAndGet(done);
            lost.addAndGet(dropped);
            for (DatagramChannel ch : list) {
                ch.close();
            }
        }
    }

    private DatagramChannel open() throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        ch.connect(target);
        ch.configureBlocking(false);
        return ch;
    }

    private static long connect(DatagramChannel ch, Selector selector) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(64);
        for (int attempt = 0; attempt < 50; attempt++) {
            ch.write(ByteBuffer.wrap(UdpTrackerCodec.encodeConnect(attempt)));
            if (selector.select(200) > 0) {
                selector.selectedKeys().clear();
                in.clear();
                if (ch.read(in) >= 16) {
                    return in.getLong(8);
                }
            }
        }
        throw new IOException("no connect reply from " + ch.getRemoteAddress());
    }

    /** The n-th announce: peer n modulo the population, in swarm n modulo the swarm count. */
    private byte[] announce(long connectionId, int txid, long n) {
        int swarm = (int) Math.floorMod(n, (long) swarms.size());
        int peer = (int) Math.floorMod(n / swarms.size(), (long) peersPerSwarm);
        byte[] peerId = new byte[20];
        peerId[0] = '-';
        peerId[16] = (byte) (peer >> 24);
        peerId[17] = (byte) (peer >> 16);
        peerId[18] = (byte) (peer >> 8);
        peerId[19] = (byte) peer;
        return UdpTrackerCodec.encodeAnnounce(connectionId, txid, new AnnounceRequest(swarms.get(swarm),
                Id20.of(peerId), 1024 + peer, 0, 0, peer % 2 == 0 ? 0 : 1000, AnnounceEvent.NONE, 50, 0, null, null));
    }
}

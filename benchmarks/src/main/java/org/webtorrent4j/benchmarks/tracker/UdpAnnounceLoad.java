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
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;

import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.udp.UdpTrackerCodec;

/**
 * A BEP 15 announce generator: event loops own several datagram channels each and keep a window
 * of requests in flight on every channel, so the tracker, not the generator, sets the pace.
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

    /**
     * Announces for {@code millis} from {@code loops} event loops with {@code channelsPerLoop}
     * channels each, keeping {@code window} requests in flight per channel. On Linux the channels
     * use epoll, reading with recvmmsg and flushing all answers' follow-ups in one sendmmsg, so
     * the generator spends few system calls per announce.
     */
    Result run(int loops, int channelsPerLoop, int window, long millis) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, epoll ? EpollIoHandler.newFactory()
                : NioIoHandler.newFactory());
        try {
            List<LoadHandler> handlers = new ArrayList<>();
            for (int c = 0; c < loops * channelsPerLoop; c++) {
                LoadHandler h = new LoadHandler(window, (long) c * 7919);
                handlers.add(h);
                Bootstrap b = new Bootstrap().group(group).handler(h)
                        .option(ChannelOption.SO_RCVBUF, 4 << 20).option(ChannelOption.SO_SNDBUF, 4 << 20);
                if (epoll) {
                    b.channel(EpollDatagramChannel.class).option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 2048)
                            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048 * 32));
                } else {
                    b.channel(NioDatagramChannel.class);
                }
                b.bind(new InetSocketAddress("127.0.0.1", 0)).sync();
            }
            for (LoadHandler h : handlers) {
                h.begin();
            }
            Thread.sleep(300); // connect exchanges and first windows
            long before = handlers.stream().mapToLong(h -> h.replies).sum();
            long lostBefore = handlers.stream().mapToLong(h -> h.lost).sum();
            long start = System.nanoTime();
            Thread.sleep(millis);
            long after = handlers.stream().mapToLong(h -> h.replies).sum();
            long lostAfter = handlers.stream().mapToLong(h -> h.lost).sum();
            double seconds = (System.nanoTime() - start) / 1e9;
            handlers.forEach(h -> h.stopped = true);
            return new Result(after - before, lostAfter - lostBefore, seconds);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** One channel's window of announces. */
    private final class LoadHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final int window;
        private long counter;
        private Channel channel;
        private long connectionId;
        private int inFlight;
        private long lastReply;
        volatile long replies;
        volatile long lost;
        volatile boolean stopped;

        LoadHandler(int window, long firstPeer) {
            this.window = window;
            this.counter = firstPeer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
        }

        void begin() {
            channel.eventLoop().execute(() -> {
                channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(UdpTrackerCodec.encodeConnect(-1)), target));
                channel.eventLoop().scheduleAtFixedRate(this::checkLosses, 100, 100, TimeUnit.MILLISECONDS);
            });
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf b = packet.content();
            lastReply = System.nanoTime();
            if (b.readableBytes() >= 16 && b.getInt(b.readerIndex()) == UdpTrackerCodec.ACTION_CONNECT) {
                connectionId = b.getLong(b.readerIndex() + 8);
                fill();
                return;
            }
            replies++;
            inFlight--;
            fill();
        }

        private void fill() {
            while (!stopped && connectionId != 0 && inFlight < window) {
                long n = counter++;
                channel.write(new DatagramPacket(Unpooled.wrappedBuffer(announce(connectionId, (int) n, n)), target));
                inFlight++;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        private void checkLosses() {
            if (connectionId == 0) {
                channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(UdpTrackerCodec.encodeConnect(-1)), target));
            } else if (System.nanoTime() - lastReply > 100_000_000L && inFlight > 0) {
                lost += inFlight; // a whole window went unanswered: count it lost and refill
                inFlight = 0;
                fill();
                channel.flush();
            }
        }
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

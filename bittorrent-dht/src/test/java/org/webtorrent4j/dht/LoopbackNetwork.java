package org.webtorrent4j.dht;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Many real DHT nodes on loopback UDP in one JVM, sharing one small event loop group. Node {@code i}
 * binds its own address 127.0.x.y (all of 127/8 is loopback on Linux), so per-IP limits behave as
 * between real hosts. Each node bootstraps to a few nodes started before it.
 */
final class LoopbackNetwork implements AutoCloseable {
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    final List<DhtNode> nodes = new ArrayList<>();
    private final Random random;

    LoopbackNetwork(long seed) {
        this.random = new Random(seed);
    }

    static InetAddress loopback(int i) {
        try {
            int n = i + 2;
            return InetAddress.getByAddress(new byte[] {127, 0, (byte) (n >>> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts {@code count} more nodes; returns when each has finished bootstrapping. */
    LoopbackNetwork grow(int count, UnaryOperator<DhtOptions.Builder> tweak) throws Exception {
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<InetSocketAddress> boot = new ArrayList<>();
            for (int b = 0; b < 3 && !nodes.isEmpty(); b++) {
                boot.add(nodes.get(random.nextInt(nodes.size())).localAddress());
            }
            DhtOptions.Builder options = DhtOptions.builder().bindAddress(loopback(nodes.size())).port(0)
                    .bootstrap(boot).eventLoopGroup(group).nodeId(NodeId.random(random));
            DhtNode node = DhtNode.start(tweak.apply(options).build());
            nodes.add(node);
            joins.add(node.bootstrapped());
            if (joins.size() >= 25) {
                // Join in waves so that later nodes find a populated network.
                CompletableFuture.allOf(joins.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
                joins.clear();
            }
        }
        CompletableFuture.allOf(joins.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        return this;
    }

    LoopbackNetwork grow(int count) throws Exception {
        return grow(count, UnaryOperator.identity());
    }

    DhtNode random() {
        return nodes.get(random.nextInt(nodes.size()));
    }

    @Override
    public void close() {
        nodes.forEach(DhtNode::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}

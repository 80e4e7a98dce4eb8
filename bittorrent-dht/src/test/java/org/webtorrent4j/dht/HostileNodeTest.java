package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.dht.krpc.KrpcCodec;
import org.webtorrent4j.dht.krpc.KrpcException;
import org.webtorrent4j.dht.krpc.KrpcMessage;
import org.webtorrent4j.dht.krpc.KrpcQuery;
import org.webtorrent4j.dht.krpc.KrpcResponse;

/**
 * A hostile node answers every query with contacts whose ids are closer to the target than any
 * real node but whose addresses are dead. Lookups must route around them and still find peers.
 */
class HostileNodeTest {
    @Test
    void lookupsSurviveANodeThatAdvertisesDeadContactsCloseToTheTarget() throws Exception {
        try (LoopbackNetwork net = new LoopbackNetwork(12).grow(20);
             DatagramSocket hostile = new DatagramSocket(0, LoopbackNetwork.loopback(900))) {
            NodeId infoHash = NodeId.random();
            assertTrue(net.nodes.get(4).announce(infoHash, 7100).get(30, TimeUnit.SECONDS).stored() > 0);
            AtomicInteger lies = new AtomicInteger();
            Thread liar = new Thread(() -> lie(hostile, lies));
            liar.setDaemon(true);
            liar.start();

            InetSocketAddress liarAddress = new InetSocketAddress(hostile.getLocalAddress(), hostile.getLocalPort());
            try (DhtNode searcher = DhtNode.start(DhtOptions.builder().bindAddress(LoopbackNetwork.loopback(901)).port(0)
                    .bootstrap(List.of(liarAddress, net.nodes.get(0).localAddress())).maxTimeoutMillis(1500).build())) {
                searcher.bootstrapped().get(30, TimeUnit.SECONDS);
                LookupResult found = searcher.lookup(infoHash).get(60, TimeUnit.SECONDS);
                assertTrue(lies.get() > 0, "the hostile node was asked");
                assertTrue(found.peers().contains(new InetSocketAddress(LoopbackNetwork.loopback(4), 7100)), found.toString());
            }
        }
    }

    /** Answers find_node / get_peers with 8 contacts 1 bit away from the target at dead addresses. */
    private static void lie(DatagramSocket socket, AtomicInteger lies) {
        Random random = new Random(3);
        NodeId self = NodeId.random(random);
        byte[] buf = new byte[4096];
        try {
            while (!socket.isClosed()) {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                KrpcMessage m;
                try {
                    m = KrpcCodec.decode(Arrays.copyOf(buf, in.getLength()));
                } catch (KrpcException e) {
                    continue;
                }
                if (!(m instanceof KrpcQuery q)) {
                    continue;
                }
                NodeId target = q.method() instanceof KrpcQuery.FindNode f ? f.target()
                        : q.method() instanceof KrpcQuery.GetPeers g ? g.infoHash() : null;
                KrpcResponse reply = KrpcResponse.of(q.transactionId(), self).withToken(new byte[8]);
                if (target != null) {
                    List<NodeInfo> fakes = new ArrayList<>();
                    for (int i = 0; i < 8; i++) {
                        // Dead ports on an address nobody listens on.
                        fakes.add(new NodeInfo(target.randomWithCommonPrefix(150 + i, random),
                                new InetSocketAddress(LoopbackNetwork.loopback(950 + lies.get() % 40), 9 + i)));
                    }
                    reply = reply.withNodes(fakes, List.of());
                    lies.incrementAndGet();
                }
                byte[] out = KrpcCodec.encode(reply);
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            }
        } catch (SocketException closed) {
            // test over
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

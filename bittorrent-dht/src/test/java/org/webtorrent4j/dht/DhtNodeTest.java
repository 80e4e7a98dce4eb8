package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.dht.krpc.KrpcCodec;
import org.webtorrent4j.dht.krpc.KrpcError;
import org.webtorrent4j.dht.krpc.KrpcMessage;
import org.webtorrent4j.dht.krpc.KrpcQuery;
import org.webtorrent4j.dht.krpc.KrpcResponse;

class DhtNodeTest {
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

    private static DhtNode node(List<InetSocketAddress> bootstrap) {
        return DhtNode.start(DhtOptions.builder().bindAddress(LOCALHOST).port(0).bootstrap(bootstrap).build());
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static KrpcMessage exchange(DatagramSocket socket, InetSocketAddress to, byte[] packet) throws Exception {
        socket.send(new DatagramPacket(packet, packet.length, to));
        return receiveReply(socket);
    }

    /** The next response or error; the node's own pings to an unknown querier are skipped. */
    private static KrpcMessage receiveReply(DatagramSocket socket) throws Exception {
        while (true) {
            byte[] buf = new byte[4096];
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            socket.receive(in);
            KrpcMessage m = KrpcCodec.decode(java.util.Arrays.copyOf(buf, in.getLength()));
            if (!(m instanceof KrpcQuery)) {
                return m;
            }
        }
    }

    private static byte[] query(String tid, KrpcQuery.Method method) {
        return KrpcCodec.encode(new KrpcQuery(tid.getBytes(StandardCharsets.US_ASCII), NodeId.random(), false, method));
    }

    @Test
    void twoNodesPingAndLearnEachOther() throws Exception {
        try (DhtNode a = node(List.of()); DhtNode b = node(List.of(a.localAddress()))) {
            get(b.bootstrapped());
            assertEquals(a.id(), get(b.ping(a.localAddress())));
            assertTrue(b.routingTableNodes().stream().anyMatch(n -> n.id().equals(a.id())));
            // a was queried by unknown b, pinged it back, and now knows it too.
            for (int i = 0; i < 100 && a.routingTableNodes().isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertTrue(a.routingTableNodes().stream().anyMatch(n -> n.id().equals(b.id())));
        }
    }

    @Test
    void announcedPeersAreFoundByLookupsAndDeliveredToTheListener() throws Exception {
        try (LoopbackNetwork net = new LoopbackNetwork(7).grow(30)) {
            NodeId infoHash = NodeId.random();
            AnnounceResult announced = get(net.nodes.get(3).announce(infoHash, 51413));
            assertTrue(announced.stored() > 0, "stored on " + announced.stored());
            Set<InetSocketAddress> seen = ConcurrentHashMap.newKeySet();
            LookupResult found = get(net.nodes.get(20).lookup(infoHash, seen::add));
            InetSocketAddress expected = new InetSocketAddress(LoopbackNetwork.loopback(3), 51413);
            assertTrue(found.peers().contains(expected), found.toString());
            assertTrue(seen.contains(expected));
            assertTrue(found.queries() > 0);
            assertEquals(8, found.closest().size());
        }
    }

    @Test
    void impliedPortUsesTheSourcePort() throws Exception {
        try (LoopbackNetwork net = new LoopbackNetwork(8).grow(12)) {
            NodeId infoHash = NodeId.random();
            DhtNode announcer = net.nodes.get(5);
            assertTrue(get(announcer.announce(infoHash, 0)).stored() > 0);
            LookupResult found = get(net.nodes.get(9).lookup(infoHash));
            assertEquals(List.of(announcer.localAddress()), found.peers());
        }
    }

    @Test
    void answersErrorsForUnknownMethodsBadTokensAndMalformedQueries() throws Exception {
        try (DhtNode a = node(List.of()); DatagramSocket s = new DatagramSocket(0, LOCALHOST)) {
            s.setSoTimeout(10_000);
            KrpcError unknown = assertInstanceOf(KrpcError.class,
                    exchange(s, a.localAddress(), query("u1", new KrpcQuery.Unknown("vote"))));
            assertEquals(KrpcError.METHOD_UNKNOWN, unknown.code());
            KrpcError badToken = assertInstanceOf(KrpcError.class, exchange(s, a.localAddress(),
                    query("t1", new KrpcQuery.AnnouncePeer(NodeId.random(), 6881, false, new byte[8]))));
            assertEquals(KrpcError.PROTOCOL, badToken.code());
            KrpcError malformed = assertInstanceOf(KrpcError.class, exchange(s, a.localAddress(),
                    "d1:ad2:id3:abce1:q4:ping1:t2:m11:y1:qe".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(KrpcError.PROTOCOL, malformed.code());
            assertEquals("m1", new String(malformed.transactionId(), StandardCharsets.US_ASCII));

            // A valid token from get_peers lets the announce through.
            NodeId infoHash = NodeId.random();
            KrpcResponse peers = assertInstanceOf(KrpcResponse.class,
                    exchange(s, a.localAddress(), query("g1", new KrpcQuery.GetPeers(infoHash, Set.of()))));
            assertNotNull(peers.token());
            assertEquals(new InetSocketAddress(LOCALHOST, s.getLocalPort()), peers.externalAddress());
            assertInstanceOf(KrpcResponse.class, exchange(s, a.localAddress(),
                    query("a1", new KrpcQuery.AnnouncePeer(infoHash, 7000, false, peers.token()))));
            KrpcResponse after = assertInstanceOf(KrpcResponse.class,
                    exchange(s, a.localAddress(), query("g2", new KrpcQuery.GetPeers(infoHash, Set.of()))));
            assertEquals(List.of(new InetSocketAddress(LOCALHOST, 7000)), after.values());
        }
    }

    @Test
    void oversizedAndGarbagePacketsAreDroppedSilently() throws Exception {
        try (DhtNode a = node(List.of()); DatagramSocket s = new DatagramSocket(0, LOCALHOST)) {
            s.setSoTimeout(500);
            byte[] huge = new byte[KrpcCodec.MAX_PACKET + 100];
            huge[0] = 'd';
            s.send(new DatagramPacket(huge, huge.length, a.localAddress()));
            byte[] garbage = "not bencode at all".getBytes(StandardCharsets.US_ASCII);
            s.send(new DatagramPacket(garbage, garbage.length, a.localAddress()));
            boolean answered = true;
            try {
                receiveReply(s);
            } catch (SocketTimeoutException expected) {
                answered = false;
            }
            assertFalse(answered, "no reply to garbage");
            s.setSoTimeout(10_000);
            // The node is still serving.
            assertInstanceOf(KrpcResponse.class, exchange(s, a.localAddress(), query("p1", new KrpcQuery.Ping())));
            assertEquals(2, a.stats().malformed());
        }
    }

    @Test
    void aFloodFromOneAddressIsRateLimited() throws Exception {
        try (DhtNode a = node(List.of()); DatagramSocket s = new DatagramSocket(0, LOCALHOST)) {
            int sent = 400;
            for (int i = 0; i < sent; i++) {
                byte[] q = query("f" + (char) ('a' + i % 26), new KrpcQuery.Ping());
                s.send(new DatagramPacket(q, q.length, a.localAddress()));
            }
            s.setSoTimeout(1000);
            int answers = 0;
            try {
                while (true) {
                    receiveReply(s);
                    answers++;
                }
            } catch (SocketTimeoutException done) {
                // all answers read
            }
            DhtStats stats = a.stats();
            assertTrue(answers < sent, answers + " answers");
            assertTrue(answers >= a.options().queryBurstPerIp(), answers + " answers");
            assertEquals(sent, answers + stats.rateLimited());
        }
    }

    @Test
    void aResponseFromTheWrongAddressIsIgnored() throws Exception {
        try (DhtNode a = node(List.of()); DatagramSocket target = new DatagramSocket(0, LOCALHOST);
             DatagramSocket impostor = new DatagramSocket(0, LOCALHOST)) {
            target.setSoTimeout(10_000);
            CompletableFuture<NodeId> pong = a.ping(new InetSocketAddress(LOCALHOST, target.getLocalPort()));
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            target.receive(in);
            KrpcQuery q = assertInstanceOf(KrpcQuery.class, KrpcCodec.decode(java.util.Arrays.copyOf(in.getData(), in.getLength())));
            NodeId fake = NodeId.random();
            NodeId real = NodeId.random();
            byte[] forged = KrpcCodec.encode(KrpcResponse.of(q.transactionId(), fake));
            impostor.send(new DatagramPacket(forged, forged.length, a.localAddress()));
            for (int i = 0; i < 100 && a.stats().unmatched() == 0; i++) {
                Thread.sleep(20);
            }
            assertEquals(1, a.stats().unmatched());
            assertFalse(pong.isDone());
            byte[] answer = KrpcCodec.encode(KrpcResponse.of(q.transactionId(), real));
            target.send(new DatagramPacket(answer, answer.length, a.localAddress()));
            assertEquals(real, get(pong));
        }
    }

    @Test
    void theRoutingTableIsSavedOnCloseAndReloadedOnStart(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("dht.state");
        try (LoopbackNetwork net = new LoopbackNetwork(9).grow(10)) {
            DhtOptions options = DhtOptions.builder().bindAddress(LOCALHOST).port(0)
                    .bootstrap(List.of(net.nodes.get(0).localAddress())).stateFile(state).build();
            NodeId id;
            try (DhtNode first = DhtNode.start(options)) {
                get(first.bootstrapped());
                id = first.id();
                assertTrue(first.routingTableNodes().size() >= 5);
            }
            assertTrue(Files.size(state) > 0);
            try (DhtNode again = DhtNode.start(options.toBuilder().bootstrap(List.of()).build())) {
                get(again.bootstrapped());
                assertEquals(id, again.id());
                assertTrue(again.routingTableNodes().size() >= 5, "rejoined through the saved nodes only");
            }
        }
    }

    @Test
    void aReadOnlyNodeLooksUpButIsNeitherAnsweringNorAddedToTables() throws Exception {
        try (LoopbackNetwork net = new LoopbackNetwork(10).grow(10)) {
            NodeId infoHash = NodeId.random();
            assertTrue(get(net.nodes.get(2).announce(infoHash, 6000)).stored() > 0);
            try (DhtNode ro = DhtNode.start(DhtOptions.builder().bindAddress(LOCALHOST).port(0).readOnly(true)
                    .bootstrap(List.of(net.nodes.get(0).localAddress())).build())) {
                get(ro.bootstrapped());
                LookupResult found = get(ro.lookup(infoHash));
                assertTrue(found.peers().contains(new InetSocketAddress(LoopbackNetwork.loopback(2), 6000)));
                for (DhtNode n : net.nodes) {
                    assertFalse(n.routingTableNodes().stream().anyMatch(x -> x.id().equals(ro.id())));
                }
                try (DatagramSocket s = new DatagramSocket(0, LOCALHOST)) {
                    s.setSoTimeout(500);
                    byte[] q = query("r1", new KrpcQuery.Ping());
                    s.send(new DatagramPacket(q, q.length, ro.localAddress()));
                    boolean answered = true;
                    try {
                        s.receive(new DatagramPacket(new byte[4096], 4096));
                    } catch (SocketTimeoutException expected) {
                        answered = false;
                    }
                    assertFalse(answered);
                }
            }
        }
    }

    @Test
    void ipv6NodesTalkThroughNodes6() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        List<DhtNode> nodes = new java.util.ArrayList<>();
        try {
            nodes.add(DhtNode.start(DhtOptions.builder().bindAddress(v6).port(0).build()));
            for (int i = 0; i < 8; i++) {
                DhtNode n = DhtNode.start(DhtOptions.builder().bindAddress(v6).port(0)
                        .bootstrap(List.of(nodes.get(i / 2).localAddress())).build());
                get(n.bootstrapped());
                nodes.add(n);
            }
            NodeId infoHash = NodeId.random();
            assertTrue(get(nodes.get(3).announce(infoHash, 6001)).stored() > 0);
            LookupResult found = get(nodes.get(8).lookup(infoHash));
            assertEquals(List.of(new InetSocketAddress(v6, 6001)), found.peers());
            assertTrue(found.closest().size() >= 5, "reached through nodes6: " + found.closest());
        } finally {
            nodes.forEach(DhtNode::close);
        }
    }

    @Test
    void findNodeHonoursWant() throws Exception {
        try (LoopbackNetwork net = new LoopbackNetwork(11).grow(6); DatagramSocket s = new DatagramSocket(0, LOCALHOST)) {
            s.setSoTimeout(10_000);
            InetSocketAddress to = net.nodes.get(0).localAddress();
            NodeId target = NodeId.random();
            KrpcResponse plain = assertInstanceOf(KrpcResponse.class,
                    exchange(s, to, query("w1", new KrpcQuery.FindNode(target, Set.of()))));
            assertFalse(plain.nodes().isEmpty());
            KrpcResponse both = assertInstanceOf(KrpcResponse.class,
                    exchange(s, to, query("w2", new KrpcQuery.FindNode(target, Set.of("n4", "n6")))));
            assertEquals(plain.nodes(), both.nodes());
            assertTrue(both.nodes6().isEmpty(), "an IPv4 node has no IPv6 contacts to give");
            KrpcResponse v6only = assertInstanceOf(KrpcResponse.class,
                    exchange(s, to, query("w3", new KrpcQuery.FindNode(target, Set.of("n6")))));
            assertTrue(v6only.nodes().isEmpty());
        }
    }
}

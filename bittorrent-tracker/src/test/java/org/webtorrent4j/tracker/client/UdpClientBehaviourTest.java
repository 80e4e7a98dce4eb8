package org.webtorrent4j.tracker.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.udp.UdpPacket;
import org.webtorrent4j.tracker.udp.UdpTrackerCodec;

/**
 * The UDP client against a scripted tracker: lost packets are retransmitted, replies with a
 * wrong transaction id are ignored, the connection id is reused, error packets are failures.
 */
class UdpClientBehaviourTest {

    @Test
    void retransmitsIgnoresWrongTransactionIdsAndReusesConnectionId() throws Exception {
        AtomicInteger connects = new AtomicInteger();
        try (DatagramSocket tracker = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread script = new Thread(() -> serve(tracker, connects), "scripted-udp-tracker");
            script.setDaemon(true);
            script.start();
            try (TrackerClient c = TrackerClient.create(TrackerClientOptions.builder(Id20.random())
                    .tier("udp://127.0.0.1:" + tracker.getLocalPort()).udpRetransmitBase(Duration.ofMillis(200))
                    .udpMaxAttempts(6).build())) {
                AnnounceResponse r = c.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                assertEquals(77, r.interval());
                c.announce(AnnounceEvent.NONE).get(30, TimeUnit.SECONDS);
                var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> c.announce(AnnounceEvent.STOPPED).get(30, TimeUnit.SECONDS));
                assertEquals("go away", assertInstanceOf(TrackerFailureException.class, e.getCause().getCause()).reason());
            }
            assertEquals(1, connects.get());
        }
    }

    /** Drops the first packet of every kind, answers each announce first with a wrong txid. */
    private static void serve(DatagramSocket s, AtomicInteger connects) {
        boolean droppedConnect = false;
        boolean droppedAnnounce = false;
        try {
            while (true) {
                DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
                s.receive(p);
                SocketAddress from = p.getSocketAddress();
                UdpPacket req = UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(p.getData(), 0, p.getLength()));
                ByteBuffer out = ByteBuffer.allocate(512);
                if (req instanceof UdpPacket.ConnectRequest c) {
                    if (!droppedConnect) {
                        droppedConnect = true;
                        continue;
                    }
                    connects.incrementAndGet();
                    UdpTrackerCodec.encodeConnectResponse(c.transactionId(), 42, out);
                } else if (req instanceof UdpPacket.Announce a) {
                    if (!droppedAnnounce) {
                        droppedAnnounce = true;
                        continue;
                    }
                    if (a.connectionId() != 42) {
                        continue;
                    }
                    ByteBuffer wrong = ByteBuffer.allocate(64);
                    UdpTrackerCodec.encodeAnnounceReplyHeader(a.transactionId() + 1, 1, 0, 0, wrong);
                    s.send(new DatagramPacket(wrong.array(), wrong.position(), from));
                    if (a.request().event() == AnnounceEvent.STOPPED) {
                        UdpTrackerCodec.encodeError(a.transactionId(), "go away", out);
                    } else {
                        UdpTrackerCodec.encodeAnnounceReplyHeader(a.transactionId(), 77, 1, 0, out);
                    }
                } else {
                    continue;
                }
                s.send(new DatagramPacket(out.array(), out.position(), from));
            }
        } catch (Exception closed) {
            // socket closed at the end of the test
        }
    }

    @Test
    void tiersFallBackAndPromoteTheTrackerThatAnswers() throws Exception {
        try (var server = org.webtorrent4j.tracker.server.TrackerServer.start(
                org.webtorrent4j.tracker.server.TrackerServerOptions.builder().build());
                DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            String dead = "udp://127.0.0.1:" + silent.getLocalPort();
            RecordingListener events = new RecordingListener();
            try (TrackerClient c = TrackerClient.create(TrackerClientOptions.builder(Id20.random())
                    .tier(dead, "http://127.0.0.1:1/announce").tier(server.udpAnnounceUrl())
                    .udpRetransmitBase(Duration.ofMillis(100)).udpMaxAttempts(2).listener(events).build())) {
                c.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                assertEquals(2, events.errors.size());
                c.announce(AnnounceEvent.NONE).get(30, TimeUnit.SECONDS);
                assertEquals(4, events.errors.size());
            }
            // within one tier, the one that answers moves to the front
            try (TrackerClient c = TrackerClient.create(TrackerClientOptions.builder(Id20.random())
                    .tier(dead, server.httpAnnounceUrl()).udpRetransmitBase(Duration.ofMillis(100)).udpMaxAttempts(2).build())) {
                c.announce(AnnounceEvent.STARTED).get(30, TimeUnit.SECONDS);
                assertEquals(List.of(List.of(java.net.URI.create(server.httpAnnounceUrl()), java.net.URI.create(dead))),
                        c.tiers().get(10, TimeUnit.SECONDS));
            }
        }
    }
}

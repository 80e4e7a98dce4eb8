package org.webtorrent4j.tracker.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.CompactPeers;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.TrackerProtocolException;

class UdpCodecTest {
    static final Id20 HASH = Id20.fromHex("d2474e86c95b19b8bcfdb92bc12c9d44667cfa36");
    static final Id20 PEER = Id20.randomPeerId();

    @Test
    void connectRoundTrip() {
        UdpPacket p = UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(UdpTrackerCodec.encodeConnect(42)));
        assertEquals(new UdpPacket.ConnectRequest(42), p);
        ByteBuffer out = ByteBuffer.allocate(16);
        UdpTrackerCodec.encodeConnectResponse(42, 0x1122334455667788L, out);
        assertEquals(new UdpPacket.ConnectResponse(42, 0x1122334455667788L), UdpTrackerCodec.decodeReply(out.flip(), false));
    }

    @Test
    void announceRoundTrip() throws Exception {
        AnnounceRequest r = new AnnounceRequest(HASH, PEER, 51413, 1, 2, 3, AnnounceEvent.COMPLETED, 50, 77,
                InetAddress.getByName("10.0.0.1"), null);
        byte[] bytes = UdpTrackerCodec.encodeAnnounce(9, 10, r);
        assertEquals(98, bytes.length);
        assertEquals(new UdpPacket.Announce(9, 10, r), UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(bytes)));
    }

    @Test
    void announceReplyIpv4AndIpv6() throws Exception {
        for (boolean v6 : new boolean[] {false, true}) {
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(v6 ? "2001:db8::1" : "1.2.3.4"), 999);
            ByteBuffer out = ByteBuffer.allocate(64);
            UdpTrackerCodec.encodeAnnounceReplyHeader(5, 1800, 7, 8, out);
            out.put(CompactPeers.encode(a));
            UdpPacket.AnnounceReply reply = assertInstanceOf(UdpPacket.AnnounceReply.class,
                    UdpTrackerCodec.decodeReply(out.flip(), v6));
            assertEquals(List.of(new TrackerPeer(a, null)), reply.response().peers());
            assertEquals(8, reply.response().complete());
            assertEquals(7, reply.response().incomplete());
            assertEquals(1800, reply.response().interval());
        }
    }

    @Test
    void scrapeAndError() {
        byte[] s = UdpTrackerCodec.encodeScrape(1, 2, List.of(HASH, PEER));
        assertEquals(new UdpPacket.Scrape(1, 2, List.of(HASH, PEER)), UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(s)));
        ByteBuffer out = ByteBuffer.allocate(64);
        UdpTrackerCodec.encodeScrapeReply(new UdpPacket.ScrapeReply(2, List.of(new ScrapeStats(1, 2, 3))), out);
        assertEquals(new UdpPacket.ScrapeReply(2, List.of(new ScrapeStats(1, 2, 3))), UdpTrackerCodec.decodeReply(out.flip(), false));
        out.clear();
        UdpTrackerCodec.encodeError(3, "nope", out);
        assertEquals(new UdpPacket.Error(3, "nope"), UdpTrackerCodec.decodeReply(out.flip(), false));
    }

    @Test
    void rejectsMalformedRequests() {
        byte[] announce = UdpTrackerCodec.encodeAnnounce(9, 10,
                new AnnounceRequest(HASH, PEER, 1, 0, 0, 0, AnnounceEvent.NONE, -1, 0, null, null));
        assertThrows(TrackerProtocolException.class, () -> UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(announce, 0, 97)));
        assertThrows(TrackerProtocolException.class, () -> UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(new byte[15])));
        byte[] badEvent = announce.clone();
        badEvent[83] = 9;
        assertThrows(TrackerProtocolException.class, () -> UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(badEvent)));
        byte[] connectNoMagic = UdpTrackerCodec.encodeConnect(1);
        connectNoMagic[0] = 1;
        assertThrows(TrackerProtocolException.class, () -> UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(connectNoMagic)));
        byte[] scrape = UdpTrackerCodec.encodeScrape(1, 2, List.of(HASH));
        assertThrows(TrackerProtocolException.class, () -> UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(scrape, 0, 35)));
        ByteBuffer big = ByteBuffer.allocate(16 + 75 * 20).putLong(1).putInt(2).putInt(3);
        assertThrows(TrackerProtocolException.class, () -> UdpTrackerCodec.decodeRequest(big.position(0)));
        // BEP 41 options after the fixed announce are ignored
        byte[] withOptions = java.util.Arrays.copyOf(announce, 110);
        assertInstanceOf(UdpPacket.Announce.class, UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(withOptions)));
    }
}

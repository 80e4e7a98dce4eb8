package org.webtorrent4j.tracker.server;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerProtocolException;
import org.webtorrent4j.tracker.udp.UdpPacket;
import org.webtorrent4j.tracker.udp.UdpTrackerCodec;

/**
 * Serves BEP 15 on one datagram channel. Malformed packets and packets with an unknown
 * connection id are dropped (an answer would help reflection attacks); refused announces get an
 * error packet. Runs on the registry's event loop.
 */
final class UdpTrackerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(UdpTrackerHandler.class);
    /** Longest request read: an announce with BEP 41 options, or a full 74-hash scrape. */
    private static final int MAX_REQUEST = 16 + 20 * UdpTrackerCodec.MAX_SCRAPE_HASHES;

    private final SwarmRegistry registry;
    private final ConnectionIds ids;
    private final TrackerServerOptions options;
    private final byte[] in = new byte[MAX_REQUEST];
    private final ByteBuffer out;

    UdpTrackerHandler(SwarmRegistry registry, ConnectionIds ids, TrackerServerOptions options) {
        this.registry = registry;
        this.ids = ids;
        this.options = options;
        this.out = ByteBuffer.allocate(Math.max(20 + 18 * options.maxNumwant(), 8 + 12 * UdpTrackerCodec.MAX_SCRAPE_HASHES));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf content = packet.content();
        int n = content.readableBytes();
        if (n > MAX_REQUEST) {
            registry.rejected++;
            return;
        }
        content.getBytes(content.readerIndex(), in, 0, n);
        InetSocketAddress sender = packet.sender();
        byte[] address = sender.getAddress().getAddress();
        UdpPacket request;
        try {
            request = UdpTrackerCodec.decodeRequest(ByteBuffer.wrap(in, 0, n));
        } catch (TrackerProtocolException e) {
            registry.rejected++;
            LOG.debug("dropped UDP packet from {}: {}", sender, e.getMessage());
            return;
        }
        long nanos = System.nanoTime();
        out.clear();
        if (request instanceof UdpPacket.ConnectRequest c) {
            UdpTrackerCodec.encodeConnectResponse(c.transactionId(), ids.issue(address, nanos), out);
        } else if (request instanceof UdpPacket.Announce a) {
            if (!ids.valid(a.connectionId(), address, nanos)) {
                registry.rejected++;
                LOG.debug("dropped UDP announce from {}: unknown connection id", sender);
                return;
            }
            announce(a, address);
        } else if (request instanceof UdpPacket.Scrape s) {
            if (!ids.valid(s.connectionId(), address, nanos)) {
                registry.rejected++;
                return;
            }
            UdpTrackerCodec.encodeScrapeReply(new UdpPacket.ScrapeReply(s.transactionId(), registry.scrapeEach(s.infoHashes())), out);
        } else {
            return;
        }
        out.flip();
        ByteBuf reply = ctx.alloc().ioBuffer(out.remaining());
        reply.writeBytes(out);
        ctx.write(new DatagramPacket(reply, sender));
    }

    private void announce(UdpPacket.Announce a, byte[] address) {
        var r = a.request();
        byte[] compact = new byte[address.length + 2];
        System.arraycopy(address, 0, compact, 0, address.length);
        compact[address.length] = (byte) (r.port() >> 8);
        compact[address.length + 1] = (byte) r.port();
        int header = out.position();
        out.position(header + 20);
        try {
            SwarmRegistry.IpAnnounce result = registry.announceIp(r.infoHash(), r.peerId(), compact, r.left(), r.event(),
                    System.currentTimeMillis());
            Swarm swarm = result.swarm();
            if (swarm != null && r.event() != AnnounceEvent.STOPPED) {
                result.own().sampleCompact(registry.numwant(r.numwant()), registry.randomStart(), result.self(), out);
            }
            registry.udpAnnounces++;
            int end = out.position();
            out.position(header);
            UdpTrackerCodec.encodeAnnounceReplyHeader(a.transactionId(), (int) options.interval().toSeconds(),
                    swarm == null ? 0 : swarm.leechers, swarm == null ? 0 : swarm.seeders, out);
            out.position(end);
        } catch (TrackerFailureException e) {
            registry.rejected++;
            out.clear();
            UdpTrackerCodec.encodeError(a.transactionId(), e.reason(), out);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("UDP tracker channel error", cause);
    }

}

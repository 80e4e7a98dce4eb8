package org.webtorrent4j.tracker.server;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.CompactPeers;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.TrackerException;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.http.HttpAnnounceQuery;
import org.webtorrent4j.tracker.http.HttpTrackerResponses;

/** Serves {@code /announce}, {@code /scrape}, {@code /stats} and {@code /stats.json}. */
final class HttpTrackerHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpTrackerHandler.class);
    private final SwarmRegistry registry;
    private final TrackerServerOptions options;

    HttpTrackerHandler(SwarmRegistry registry, TrackerServerOptions options) {
        this.registry = registry;
        this.options = options;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            registry.rejected++;
            respond(ctx, req, HttpResponseStatus.BAD_REQUEST, "text/plain", bytes("bad request"), false);
            return;
        }
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            respond(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", bytes("GET only"), true);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? null : uri.substring(q + 1);
        switch (path) {
            case "/announce" -> respond(ctx, req, HttpResponseStatus.OK, "text/plain", announce(ctx, query), true);
            case "/scrape" -> respond(ctx, req, HttpResponseStatus.OK, "text/plain", scrape(query), true);
            case "/stats" -> {
                boolean json = query != null && query.contains("format=json");
                TrackerStats s = registry.stats();
                respond(ctx, req, HttpResponseStatus.OK, json ? "application/json" : "text/html; charset=utf-8",
                        bytes(json ? s.toJson() : s.toHtml()), true);
            }
            case "/stats.json" -> respond(ctx, req, HttpResponseStatus.OK, "application/json",
                    bytes(registry.stats().toJson()), true);
            default -> respond(ctx, req, HttpResponseStatus.NOT_FOUND, "text/plain", bytes("not found"), true);
        }
    }

    private byte[] announce(ChannelHandlerContext ctx, String query) {
        try {
            HttpAnnounceQuery.Parsed parsed = HttpAnnounceQuery.parse(query, options.maxHttpRequestBytes());
            AnnounceRequest r = parsed.request();
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            byte[] compact = CompactPeers.encode(new InetSocketAddress(remote.getAddress(), r.port()));
            int numwant = registry.numwant(r.numwant());
            if (parsed.compact()) {
                ByteArrayOutputStream v4 = new ByteArrayOutputStream();
                ByteArrayOutputStream v6 = new ByteArrayOutputStream();
                Swarm s = registry.announceIp(r.infoHash(), r.peerId(), compact, r.left(), r.event(), numwant, true,
                        System.currentTimeMillis(), p -> (p.key.compact.length == 6 ? v4 : v6).writeBytes(p.key.compact));
                registry.httpAnnounces++;
                return compactResponse(s, v4, v6);
            }
            List<TrackerPeer> peers = new ArrayList<>();
            Swarm s = registry.announceIp(r.infoHash(), r.peerId(), compact, r.left(), r.event(), numwant, true,
                    System.currentTimeMillis(), p -> peers.add(new TrackerPeer(address(p.key.compact), p.peerId)));
            registry.httpAnnounces++;
            return HttpTrackerResponses.encodeAnnounce(new AnnounceResponse(interval(), minInterval(), null,
                    s == null ? 0 : s.seeders, s == null ? 0 : s.leechers, peers, null), false, parsed.noPeerId());
        } catch (TrackerException e) {
            registry.rejected++;
            return HttpTrackerResponses.encodeFailure(e instanceof TrackerFailureException f ? f.reason() : e.getMessage());
        }
    }

    /** The common compact answer, written directly: keys in bencode order. */
    private byte[] compactResponse(Swarm s, ByteArrayOutputStream v4, ByteArrayOutputStream v6) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + v4.size() + v6.size());
        out.writeBytes(bytes("d8:completei" + (s == null ? 0 : s.seeders) + "e10:incompletei" + (s == null ? 0 : s.leechers)
                + "e8:intervali" + interval() + "e12:min intervali" + minInterval() + "e5:peers" + v4.size() + ":"));
        out.writeBytes(v4.toByteArray());
        if (v6.size() > 0) {
            out.writeBytes(bytes("6:peers6" + v6.size() + ":"));
            out.writeBytes(v6.toByteArray());
        }
        out.write('e');
        return out.toByteArray();
    }

    private byte[] scrape(String query) {
        try {
            var hashes = HttpAnnounceQuery.parseScrape(query, options.maxHttpRequestBytes(), options.maxScrapeHashes());
            return HttpTrackerResponses.encodeScrape(new ScrapeResponse(registry.scrape(hashes, options.maxScrapeHashes())),
                    minInterval());
        } catch (TrackerException e) {
            registry.rejected++;
            return HttpTrackerResponses.encodeFailure(e.getMessage());
        }
    }

    private int interval() {
        return (int) options.interval().toSeconds();
    }

    private int minInterval() {
        return (int) options.minInterval().toSeconds();
    }

    private static InetSocketAddress address(byte[] compact) {
        return CompactPeers.decode(compact, 0, compact.length, compact.length == 18).get(0).address();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String type,
            byte[] body, boolean keepAliveAllowed) {
        boolean keepAlive = keepAliveAllowed && HttpUtil.isKeepAlive(req);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                req.method() == HttpMethod.HEAD ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (keepAlive) {
            if (!req.protocolVersion().isKeepAliveDefault()) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            }
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP tracker connection error", cause);
        ctx.close();
    }
}

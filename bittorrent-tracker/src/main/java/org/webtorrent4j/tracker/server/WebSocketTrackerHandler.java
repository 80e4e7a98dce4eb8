package org.webtorrent4j.tracker.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerProtocolException;
import org.webtorrent4j.tracker.ws.WsMessage;
import org.webtorrent4j.tracker.ws.WsMessageCodec;

/**
 * One browser's WebSocket, served as bittorrent-tracker does: an announce is answered, its offers
 * go one each to other WebSocket peers of the swarm, and an answer goes back to the offerer.
 */
final class WebSocketTrackerHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements WsConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTrackerHandler.class);
    /**
     * Most torrents one socket may announce, counting each peer id apart (a browser tab rarely has
     * more than a few; a client that shares one socket among its torrents may have more).
     */
    static final int MAX_TORRENTS_PER_SOCKET = 1000;

    /** A peer this socket announced: what its close removes. */
    record Announced(Id20 infoHash, Id20 peerId) {}

    private final SwarmRegistry registry;
    private final TrackerServerOptions options;
    private final Set<Announced> announced = new LinkedHashSet<>();
    private Channel channel;

    WebSocketTrackerHandler(SwarmRegistry registry, TrackerServerOptions options) {
        this.registry = registry;
        this.options = options;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame text)) {
            registry.rejected++;
            send(new WsMessage.Failure(null, null, "expected a text frame"));
            return;
        }
        WsMessage request;
        try {
            request = WsMessageCodec.parseRequest(text.text());
        } catch (TrackerProtocolException e) {
            registry.rejected++;
            send(new WsMessage.Failure(null, null, e.getMessage()));
            return;
        }
        if (request instanceof WsMessage.Announce a) {
            announce(a);
        } else if (request instanceof WsMessage.Scrape s) {
            send(new WsMessage.ScrapeReply(registry.scrape(s.infoHashes(), WsMessageCodec.MAX_SCRAPE_HASHES)));
        }
    }

    private void announce(WsMessage.Announce a) {
        Announced peer = new Announced(a.infoHash(), a.peerId());
        if (!announced.contains(peer) && announced.size() >= MAX_TORRENTS_PER_SOCKET) {
            registry.rejected++;
            send(new WsMessage.Failure("announce", a.infoHash(), "too many torrents on one socket"));
            return;
        }
        List<Swarm.WsPeer> targets = new ArrayList<>();
        Swarm swarm;
        try {
            swarm = registry.announceWs(a.infoHash(), a.peerId(), a.left(), a.event(),
                    a.answer() == null ? a.offers().size() : 0, this, System.currentTimeMillis(), targets::add);
        } catch (TrackerFailureException e) {
            registry.rejected++;
            send(new WsMessage.Failure("announce", a.infoHash(), e.reason()));
            return;
        }
        registry.wsAnnounces++;
        announced.add(peer);
        if (a.answer() == null) {
            send(new WsMessage.AnnounceReply(a.infoHash(), (int) options.wsInterval().toSeconds(),
                    swarm == null ? 0 : swarm.seeders, swarm == null ? 0 : swarm.leechers, null, null));
        }
        for (int i = 0; i < targets.size(); i++) {
            WsMessage.Offer offer = a.offers().get(i);
            targets.get(i).connection.send(new WsMessage.RelayedOffer(a.infoHash(), a.peerId(), offer.offerId(), offer.offer()));
        }
        if (a.answer() != null) {
            Swarm.WsPeer to = registry.wsPeer(a.infoHash(), a.toPeerId());
            if (to == null) {
                LOG.debug("answer for unknown peer {} in {}", a.toPeerId(), a.infoHash());
            } else {
                to.connection.send(new WsMessage.RelayedAnswer(a.infoHash(), a.peerId(), a.offerId(), a.answer()));
            }
        }
    }

    /** Sends to this socket; a socket that cannot keep up loses relayed messages instead of buffering them. */
    @Override
    public void send(WsMessage message) {
        if (channel != null && channel.isActive() && channel.isWritable()) {
            channel.writeAndFlush(new TextWebSocketFrame(WsMessageCodec.write(message)));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        registry.removeWsConnection(announced, this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("WebSocket tracker connection error", cause);
        ctx.close();
    }
}

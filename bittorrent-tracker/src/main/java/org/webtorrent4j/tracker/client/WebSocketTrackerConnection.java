package org.webtorrent4j.tracker.client;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.TrackerException;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerProtocolException;
import org.webtorrent4j.tracker.ws.WsMessage;
import org.webtorrent4j.tracker.ws.WsMessageCodec;

/**
 * One torrent's view of a WebSocket tracker. The socket itself is pooled per URL in the
 * {@link TrackerRuntime}; replies are routed to the torrent by info-hash. Confined to the loop.
 */
final class WebSocketTrackerConnection implements TrackerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTrackerConnection.class);
    /** Most offers sent with one announce (WebTorrent sends at most 5 too: each costs an ICE gathering). */
    static final int MAX_OFFERS = 5;

    private final URI url;
    private final TrackerRuntime runtime;
    private final ClientSettings settings;
    private final Id20 infoHash;
    private final OfferFactory offers;
    private final TrackerListener listener;
    private final ArrayDeque<CompletableFuture<AnnounceResponse>> announces = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<ScrapeResponse>> scrapes = new ArrayDeque<>();
    private Socket socket;

    WebSocketTrackerConnection(URI url, TrackerRuntime runtime, ClientSettings settings, Id20 infoHash,
            OfferFactory offers, TrackerListener listener) {
        this.url = url;
        this.runtime = runtime;
        this.settings = settings;
        this.infoHash = infoHash;
        this.offers = offers;
        this.listener = listener;
    }

    private Socket socket() {
        if (socket == null) {
            socket = runtime.socket(url, settings);
            socket.subscribe(infoHash, this);
        }
        return socket;
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(AnnounceRequest r) {
        CompletableFuture<AnnounceResponse> result = timed(new CompletableFuture<>());
        boolean withOffers = r.event() != AnnounceEvent.STOPPED && r.event() != AnnounceEvent.COMPLETED;
        int count = withOffers ? Math.min(r.numwant() < 0 ? MAX_OFFERS : r.numwant(), MAX_OFFERS) : 0;
        CompletableFuture<List<WsMessage.Offer>> made = count == 0 ? CompletableFuture.completedFuture(List.of())
                : offers.createOffers(count);
        made.whenComplete((list, e) -> runtime.loop().execute(() -> {
            if (e != null) {
                result.completeExceptionally(new TrackerException("could not create offers: " + e.getMessage(), e));
                return;
            }
            WsMessage.Announce a = new WsMessage.Announce(r.infoHash(), r.peerId(), r.uploaded(), r.downloaded(),
                    r.left(), r.event(), list.size(), list, null, null, null, r.trackerId());
            announces.removeIf(CompletableFuture::isDone); // timed out: their replies were lost
            announces.add(result);
            socket().send(WsMessageCodec.write(a), () -> result.completeExceptionally(dropped()));
        }));
        return result;
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(List<Id20> infoHashes) {
        CompletableFuture<ScrapeResponse> result = timed(new CompletableFuture<>());
        runtime.loop().execute(() -> {
            scrapes.removeIf(CompletableFuture::isDone); // timed out: their replies were lost
            scrapes.add(result);
            socket().send(WsMessageCodec.write(new WsMessage.Scrape(infoHashes)), () -> result.completeExceptionally(dropped()));
        });
        return result;
    }

    /** Sends our answer to a relayed offer back through the tracker. */
    void answer(Id20 peerId, WsMessage.RelayedOffer offer, JsonNode answer, String trackerId) {
        runtime.loop().execute(() -> socket().send(WsMessageCodec.write(new WsMessage.Announce(infoHash, peerId, 0, 0,
                Long.MAX_VALUE, AnnounceEvent.NONE, 0, List.of(), answer, offer.peerId(), offer.offerId(), trackerId))));
    }

    private <T> CompletableFuture<T> timed(CompletableFuture<T> f) {
        var timer = runtime.loop().schedule(() -> f.completeExceptionally(
                new TrackerException(url + " timed out after " + settings.requestTimeout())),
                settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        f.whenComplete((v, e) -> timer.cancel(false));
        return f;
    }

    /** A message for our torrent. */
    void onMessage(WsMessage m) {
        if (m instanceof WsMessage.AnnounceReply r) {
            AnnounceResponse response = new AnnounceResponse(r.interval(), 0, r.trackerId(), r.complete(), r.incomplete(),
                    List.of(), r.warningMessage());
            CompletableFuture<AnnounceResponse> f = nextWaiting(announces);
            if (f != null) {
                f.complete(response);
            } else {
                listener.onAnnounce(url, response);
            }
        } else if (m instanceof WsMessage.RelayedOffer o) {
            listener.onOffer(url, o);
        } else if (m instanceof WsMessage.RelayedAnswer a) {
            listener.onAnswer(url, a);
        } else if (m instanceof WsMessage.ScrapeReply s) {
            CompletableFuture<ScrapeResponse> f = nextWaiting(scrapes);
            if (f != null) {
                f.complete(new ScrapeResponse(s.files()));
            } else {
                listener.onScrape(url, new ScrapeResponse(s.files()));
            }
        } else if (m instanceof WsMessage.Failure failure) {
            CompletableFuture<?> f = "scrape".equals(failure.action()) ? nextWaiting(scrapes) : nextWaiting(announces);
            TrackerFailureException e = new TrackerFailureException(failure.reason());
            if (f != null) {
                f.completeExceptionally(e);
            } else {
                listener.onError(url, e);
            }
        }
    }

    private TrackerException dropped() {
        return new TrackerException(url + ": dropped while the socket connected (more than " + Socket.MAX_QUEUED
                + " messages were waiting)");
    }

    /**
     * The oldest request still waiting for its reply. Replies carry no request id, only the
     * order: one that timed out (its reply lost, say) is skipped, or every later reply would be
     * handed to the request before it.
     */
    private static <T> CompletableFuture<T> nextWaiting(ArrayDeque<CompletableFuture<T>> waiting) {
        CompletableFuture<T> f;
        do {
            f = waiting.poll();
        } while (f != null && f.isDone());
        return f;
    }

    void onClosed(Throwable cause) {
        TrackerException e = new TrackerException(url + " closed: " + cause.getMessage(), cause);
        announces.forEach(f -> f.completeExceptionally(e));
        announces.clear();
        scrapes.forEach(f -> f.completeExceptionally(e));
        scrapes.clear();
    }

    @Override
    public void close() {
        runtime.loop().execute(() -> {
            onClosed(new TrackerException("client closed"));
            if (socket != null) {
                socket.unsubscribe(infoHash, this);
            }
        });
    }

    /**
     * One WebSocket to one tracker URL, shared by every torrent of a runtime; messages wait in a
     * bounded queue while it connects, and it reconnects with exponential back-off while in use.
     */
    static final class Socket {
        /** Messages kept while (re)connecting; older ones are dropped past this. */
        static final int MAX_QUEUED = 64;
        static final int MAX_MESSAGE_BYTES = WsMessageCodec.DEFAULT_MAX_MESSAGE_CHARS;
        private final URI url;
        private final TrackerRuntime runtime;
        private final ClientSettings settings;
        private final Map<Id20, WebSocketTrackerConnection> subscribers = new HashMap<>();
        /** Messages waiting for the socket to open, each with what to do if it is dropped. */
        private final ArrayDeque<Map.Entry<String, Runnable>> queue = new ArrayDeque<>();
        private Channel channel;
        private boolean open;
        private boolean connecting;
        private int retries;
        private io.netty.util.concurrent.ScheduledFuture<?> reconnect;

        Socket(URI url, TrackerRuntime runtime, ClientSettings settings) {
            this.url = url;
            this.runtime = runtime;
            this.settings = settings;
        }

        void subscribe(Id20 infoHash, WebSocketTrackerConnection c) {
            subscribers.put(infoHash, c);
        }

        void unsubscribe(Id20 infoHash, WebSocketTrackerConnection c) {
            subscribers.remove(infoHash, c);
            if (subscribers.isEmpty()) {
                runtime.release(url, this);
                if (reconnect != null) {
                    reconnect.cancel(false);
                }
                queue.clear();
                if (channel != null) {
                    channel.close();
                }
            }
        }

        void send(String text) {
            send(text, () -> { });
        }

        /** Sends, or queues while connecting; {@code onDropped} runs if the queue overflows first. */
        void send(String text, Runnable onDropped) {
            if (open && channel.isActive()) {
                channel.writeAndFlush(new TextWebSocketFrame(text));
                return;
            }
            if (queue.size() == MAX_QUEUED) {
                queue.poll().getValue().run();
            }
            queue.add(Map.entry(text, onDropped));
            connect();
        }

        private void connect() {
            if (connecting || open || (reconnect != null && !reconnect.isDone())) {
                return;
            }
            connecting = true;
            boolean tls = "wss".equalsIgnoreCase(url.getScheme());
            String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
            int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
            SslContext ssl;
            try {
                ssl = tls ? SslContextBuilder.forClient().build() : null;
            } catch (SSLException e) {
                onClose(new TrackerException("TLS setup failed", e));
                return;
            }
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder().webSocketUri(url)
                    .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                    .handshakeTimeoutMillis(settings.requestTimeout().toMillis()).build();
            new Bootstrap().group(runtime.loop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.requestTimeout().toMillis())
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (ssl != null) {
                                ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                            }
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                    new WebSocketClientProtocolHandler(config),
                                    new WebSocketFrameAggregator(MAX_MESSAGE_BYTES), new FrameHandler());
                        }
                    })
                    .connect(host, port).addListener(f -> {
                        if (!f.isSuccess()) {
                            onClose(f.cause());
                        }
                    });
        }

        private void onOpen(Channel ch) {
            channel = ch;
            connecting = false;
            open = true;
            retries = 0;
            while (!queue.isEmpty()) {
                ch.write(new TextWebSocketFrame(queue.poll().getKey()));
            }
            ch.flush();
        }

        private void onClose(Throwable cause) {
            boolean wasActive = connecting || open;
            connecting = false;
            open = false;
            channel = null;
            if (!wasActive) {
                return;
            }
            List.copyOf(subscribers.values()).forEach(s -> s.onClosed(cause));
            if (!subscribers.isEmpty()) {
                long min = settings.wsReconnectMin().toMillis();
                long delay = Math.min(settings.wsReconnectMax().toMillis(), min << Math.min(retries, 20));
                delay += ThreadLocalRandom.current().nextLong(Math.max(1, delay / 4));
                retries++;
                reconnect = runtime.loop().schedule(this::connect, delay, TimeUnit.MILLISECONDS);
            }
        }

        private void onText(String text) {
            WsMessage m;
            try {
                m = WsMessageCodec.parseReply(text);
            } catch (TrackerProtocolException e) {
                LOG.debug("ignored message from {}: {}", url, e.getMessage());
                return;
            }
            Id20 target = m instanceof WsMessage.AnnounceReply r ? r.infoHash()
                    : m instanceof WsMessage.RelayedOffer o ? o.infoHash()
                    : m instanceof WsMessage.RelayedAnswer a ? a.infoHash()
                    : m instanceof WsMessage.Failure f ? f.infoHash() : null;
            if (target != null) {
                WebSocketTrackerConnection c = subscribers.get(target);
                if (c != null) {
                    c.onMessage(m);
                }
            } else if (m instanceof WsMessage.ScrapeReply s) {
                subscribers.forEach((h, c) -> {
                    if (s.files().containsKey(h)) {
                        c.onMessage(m);
                    }
                });
            } else {
                List.copyOf(subscribers.values()).forEach(c -> c.onMessage(m));
            }
        }

        private final class FrameHandler extends SimpleChannelInboundHandler<TextWebSocketFrame> {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    onOpen(ctx.channel());
                } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                    ctx.close();
                }
                super.userEventTriggered(ctx, evt);
            }

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
                onText(frame.text());
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                onClose(new TrackerException("connection closed"));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                LOG.debug("WebSocket tracker {} failed", url, cause);
                ctx.close();
            }
        }
    }
}

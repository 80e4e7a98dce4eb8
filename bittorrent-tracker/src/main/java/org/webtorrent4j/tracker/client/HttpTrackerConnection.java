package org.webtorrent4j.tracker.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.TrackerException;
import org.webtorrent4j.tracker.http.HttpAnnounceQuery;
import org.webtorrent4j.tracker.http.HttpTrackerResponses;

/** An HTTP(S) tracker: one short connection per request, bounded response size, a timeout. */
final class HttpTrackerConnection implements TrackerConnection {
    static final String USER_AGENT = "webtorrent4j/0.1";
    /** Redirects followed for one request, as browsers and libtorrent do; more is an error. */
    static final int MAX_REDIRECTS = 5;
    private final URI url;
    private final TrackerRuntime runtime;
    private final ClientSettings settings;

    HttpTrackerConnection(URI url, TrackerRuntime runtime, ClientSettings settings) {
        this.url = url;
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(AnnounceRequest request) {
        return get(HttpAnnounceQuery.withQuery(url.toString(), HttpAnnounceQuery.encode(request)))
                .thenApply(HttpTrackerResponses::decodeAnnounce);
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(List<Id20> infoHashes) {
        URI scrape = HttpAnnounceQuery.scrapeUrl(url);
        if (scrape == null) {
            return CompletableFuture.failedFuture(new TrackerException(url + " has no scrape URL (BEP 48 convention)"));
        }
        return get(HttpAnnounceQuery.withQuery(scrape.toString(), HttpAnnounceQuery.encodeScrape(infoHashes)))
                .thenApply(HttpTrackerResponses::decodeScrape);
    }

    private CompletableFuture<byte[]> get(String target) {
        return get(URI.create(target), MAX_REDIRECTS);
    }

    /** A GET that follows up to {@code redirects} redirects (to http or https only). */
    private CompletableFuture<byte[]> get(URI target, int redirects) {
        return request(target).exceptionallyCompose(e -> {
            if (!(e instanceof Redirected r)) {
                return CompletableFuture.failedFuture(e);
            }
            URI next;
            try {
                next = target.resolve(r.location);
            } catch (IllegalArgumentException bad) {
                return CompletableFuture.failedFuture(new TrackerException(url + " redirected to an invalid URL: " + r.location));
            }
            if (redirects == 0) {
                return CompletableFuture.failedFuture(new TrackerException(url + " redirected more than " + MAX_REDIRECTS + " times"));
            }
            if (next.getScheme() == null || !next.getScheme().matches("(?i)https?") || next.getHost() == null) {
                return CompletableFuture.failedFuture(new TrackerException(url + " redirected to " + next + ", not an HTTP URL"));
            }
            return get(next, redirects - 1);
        });
    }

    /** A redirect answer (3xx with a Location), followed by {@link #get(URI, int)}. */
    private static final class Redirected extends Exception {
        final String location;

        Redirected(String location) {
            super(null, null, false, false);
            this.location = location;
        }
    }

    private CompletableFuture<byte[]> request(URI u) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        boolean tls = "https".equalsIgnoreCase(u.getScheme());
        String host = u.getHost();
        int port = u.getPort() > 0 ? u.getPort() : tls ? 443 : 80;
        SslContext ssl;
        try {
            ssl = tls ? SslContextBuilder.forClient().build() : null;
        } catch (SSLException e) {
            return CompletableFuture.failedFuture(new TrackerException("TLS setup failed: " + e.getMessage(), e));
        }
        String hostName = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        ChannelFuture connect = new Bootstrap().group(runtime.loop()).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.requestTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), hostName, port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(),
                                // bounded: a gzip bomb cannot inflate past the response limit
                                new HttpContentDecompressor(HttpTrackerResponses.DEFAULT_MAX_RESPONSE_BYTES),
                                new HttpObjectAggregator(HttpTrackerResponses.DEFAULT_MAX_RESPONSE_BYTES),
                                new ResponseHandler(result));
                    }
                })
                .connect(hostName, port);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(new TrackerException("cannot connect to " + url + ": " + f.cause().getMessage(), f.cause()));
                return;
            }
            String path = (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path, Unpooled.EMPTY_BUFFER);
            req.headers().set(HttpHeaderNames.HOST, u.getPort() > 0 ? host + ":" + u.getPort() : host);
            req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            req.headers().set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP);
            req.headers().set(HttpHeaderNames.USER_AGENT, USER_AGENT);
            connect.channel().writeAndFlush(req);
        });
        var timeout = runtime.loop().schedule(() -> {
            if (result.completeExceptionally(new TrackerException(url + " timed out after " + settings.requestTimeout()))) {
                connect.channel().close();
            }
        }, settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, e) -> {
            timeout.cancel(false);
            connect.channel().close();
        });
        return result;
    }

    @Override
    public void close() {
        // Nothing is kept open between requests.
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<byte[]> result;

        ResponseHandler(CompletableFuture<byte[]> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            String location = res.headers().get(HttpHeaderNames.LOCATION);
            if (res.status().codeClass() == HttpStatusClass.REDIRECTION && location != null) {
                result.completeExceptionally(new Redirected(location));
                ctx.close();
                return;
            }
            byte[] body = ByteBufUtil.getBytes(res.content());
            // Some trackers send their bencoded failure reason with an error status: let it be decoded.
            if (res.status().code() == 200 || (body.length > 0 && body[0] == 'd')) {
                result.complete(body);
            } else {
                result.completeExceptionally(new TrackerException(url + " answered HTTP " + res.status()));
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new TrackerException(url + " closed the connection without an answer"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(new TrackerException(url + ": " + cause.getMessage(), cause));
            ctx.close();
        }
    }
}

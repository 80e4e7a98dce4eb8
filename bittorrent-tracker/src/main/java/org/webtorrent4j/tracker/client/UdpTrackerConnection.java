package org.webtorrent4j.tracker.client;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerException;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerProtocolException;
import org.webtorrent4j.tracker.udp.UdpPacket;
import org.webtorrent4j.tracker.udp.UdpTrackerCodec;

/**
 * A UDP tracker (BEP 15): one datagram channel, a connection id reused for one minute,
 * random transaction ids checked on every reply, retransmission after base × 2^n.
 * Confined to the runtime's loop.
 */
final class UdpTrackerConnection implements TrackerConnection {
    /** How long a connection id may be reused (BEP 15). */
    static final long CONNECTION_ID_LIFETIME_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final URI url;
    private final TrackerRuntime runtime;
    private final ClientSettings settings;
    private final Map<Integer, Transaction> pending = new HashMap<>();
    private Channel channel;
    private InetSocketAddress remote;
    private long connectionId;
    private long connectedAt;
    private boolean connected;
    private CompletableFuture<Long> connecting;
    private CompletableFuture<Void> opened;

    UdpTrackerConnection(URI url, TrackerRuntime runtime, ClientSettings settings) {
        this.url = url;
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public CompletableFuture<AnnounceResponse> announce(AnnounceRequest request) {
        return onLoop(() -> withConnection(id -> send(txid -> UdpTrackerCodec.encodeAnnounce(id, txid, request)))
                .thenApply(p -> {
                    if (p instanceof UdpPacket.AnnounceReply r) {
                        return r.response();
                    }
                    throw new TrackerProtocolException("expected an announce reply, got " + p.getClass().getSimpleName());
                }));
    }

    @Override
    public CompletableFuture<ScrapeResponse> scrape(List<Id20> infoHashes) {
        List<Id20> hashes = infoHashes.subList(0, Math.min(infoHashes.size(), UdpTrackerCodec.MAX_SCRAPE_HASHES));
        return onLoop(() -> withConnection(id -> send(txid -> UdpTrackerCodec.encodeScrape(id, txid, hashes)))
                .thenApply(p -> {
                    if (!(p instanceof UdpPacket.ScrapeReply r) || r.stats().size() != hashes.size()) {
                        throw new TrackerProtocolException("expected a scrape reply for " + hashes.size() + " torrents");
                    }
                    Map<Id20, ScrapeStats> files = new java.util.LinkedHashMap<>();
                    for (int i = 0; i < hashes.size(); i++) {
                        files.put(hashes.get(i), r.stats().get(i));
                    }
                    return new ScrapeResponse(files);
                }));
    }

    private <T> CompletableFuture<T> onLoop(java.util.function.Supplier<CompletableFuture<T>> work) {
        if (runtime.loop().inEventLoop()) {
            return work.get();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        runtime.loop().execute(() -> work.get().whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(v);
            }
        }));
        return f;
    }

    private CompletableFuture<UdpPacket> withConnection(LongFunction<CompletableFuture<UdpPacket>> request) {
        CompletableFuture<Void> ready;
        try {
            ready = open();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return ready.thenCompose(v -> {
            if (connected && System.nanoTime() - connectedAt < CONNECTION_ID_LIFETIME_NANOS) {
                return request.apply(connectionId);
            }
            if (connecting == null) {
                connecting = send(UdpTrackerCodec::encodeConnect).thenApply(p -> {
                    if (!(p instanceof UdpPacket.ConnectResponse c)) {
                        throw new TrackerProtocolException("expected a connect reply");
                    }
                    connectionId = c.connectionId();
                    connectedAt = System.nanoTime();
                    connected = true;
                    return c.connectionId();
                });
                connecting.whenComplete((id, e) -> connecting = null);
            }
            return connecting.thenCompose(request::apply);
        });
    }

    /** Binds the channel once; completes on the loop. */
    private CompletableFuture<Void> open() {
        if (opened != null) {
            return opened;
        }
        if (url.getHost() == null || url.getPort() <= 0) {
            throw new TrackerException("UDP tracker URL needs a host and a port: " + url);
        }
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1) : url.getHost();
        remote = new InetSocketAddress(host, url.getPort());
        if (remote.isUnresolved()) {
            throw new TrackerException("cannot resolve " + host);
        }
        opened = new CompletableFuture<>();
        var bind = new Bootstrap().group(runtime.loop()).channel(NioDatagramChannel.class)
                .handler(new ReplyHandler()).bind(0);
        channel = bind.channel();
        bind.addListener(f -> {
            if (f.isSuccess()) {
                opened.complete(null);
            } else {
                opened.completeExceptionally(new TrackerException("cannot open a UDP socket: " + f.cause().getMessage(), f.cause()));
                opened = null;
            }
        });
        return opened;
    }

    /** Sends one request, retransmitting until a reply with its transaction id arrives. */
    private CompletableFuture<UdpPacket> send(java.util.function.IntFunction<byte[]> encoder) {
        int txid;
        do {
            txid = ThreadLocalRandom.current().nextInt();
        } while (pending.containsKey(txid));
        Transaction t = new Transaction(txid, encoder.apply(txid));
        pending.put(txid, t);
        t.transmit();
        return t.result;
    }

    private final class Transaction {
        final int txid;
        final byte[] packet;
        final CompletableFuture<UdpPacket> result = new CompletableFuture<>();
        int attempts;
        ScheduledFuture<?> timer;

        Transaction(int txid, byte[] packet) {
            this.txid = txid;
            this.packet = packet;
        }

        void transmit() {
            if (attempts == settings.udpMaxAttempts()) {
                pending.remove(txid);
                result.completeExceptionally(new TrackerException(url + " did not answer after " + attempts + " attempts"));
                return;
            }
            long delay = settings.udpRetransmitBase().toMillis() << attempts;
            attempts++;
            channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(packet), remote));
            timer = runtime.loop().schedule(this::transmit, delay, TimeUnit.MILLISECONDS);
        }

        void complete(UdpPacket reply) {
            pending.remove(txid);
            timer.cancel(false);
            if (reply instanceof UdpPacket.Error err) {
                connected = false; // the id may be what the tracker refused: get a fresh one next time
                result.completeExceptionally(new TrackerFailureException(err.message()));
            } else {
                result.complete(reply);
            }
        }
    }

    private final class ReplyHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            if (!packet.sender().equals(remote)) {
                return; // not our tracker: ignore
            }
            ByteBuf content = packet.content();
            byte[] data = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), data);
            UdpPacket reply;
            try {
                reply = UdpTrackerCodec.decodeReply(ByteBuffer.wrap(data), remote.getAddress() instanceof Inet6Address);
            } catch (TrackerProtocolException e) {
                return; // malformed: the transaction retransmits or times out
            }
            Transaction t = pending.get(reply.transactionId());
            if (t != null) {
                t.complete(reply);
            }
        }
    }

    @Override
    public void close() {
        runtime.loop().execute(() -> {
            pending.values().forEach(t -> {
                t.timer.cancel(false);
                t.result.completeExceptionally(new TrackerException("closed"));
            });
            pending.clear();
            if (channel != null) {
                channel.close();
            }
        });
    }
}

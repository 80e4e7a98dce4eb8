package org.webtorrent4j.pex;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.webtorrent4j.wire.ExtendedHandshake;
import org.webtorrent4j.wire.ExtensionContext;
import org.webtorrent4j.wire.WireExtension;

/**
 * The BEP 11 {@code ut_pex} extension on one wire. Every {@code sendInterval} (driven by the wire's
 * ticks) it sends the peer what changed in {@code swarm} since the last message, at most
 * {@code maxAdded} added and {@code maxDropped} dropped peers; the rest waits for the next round.
 * Received messages go to the {@link PexListener}; a peer that sends too often or too many peers
 * is ignored for that message and, after {@code maxFloods} such messages, disconnected.
 */
public final class UtPex implements WireExtension {
    public static final String NAME = "ut_pex";
    /** Peers read from each list of a received message; the rest are ignored. */
    public static final int MAX_RECEIVED_ENTRIES = 200;

    private final UtPexOptions options;
    private final PexListener listener;
    private final Supplier<? extends Collection<PexPeer>> swarm;
    /** What the peer has been told is in our swarm. */
    private final Map<InetSocketAddress, PexPeer> announced = new LinkedHashMap<>();
    private ExtensionContext ctx;
    private long lastSent = Long.MIN_VALUE;
    private long lastReceived = Long.MIN_VALUE;
    private int floods;

    /**
     * @param swarm    the peers we are connected to now (called on the wire's thread at each send)
     * @param listener receives the peers this connection tells us about
     */
    public UtPex(UtPexOptions options, Supplier<? extends Collection<PexPeer>> swarm, PexListener listener) {
        this.options = options;
        this.swarm = swarm;
        this.listener = listener;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onAttach(ExtensionContext context) {
        this.ctx = context;
    }

    /** Flooding messages ignored so far. */
    public int floods() {
        return floods;
    }

    @Override
    public void onExtendedHandshake(ExtendedHandshake handshake) {
        // The first message goes out one interval after the connection starts, like the rest.
        if (lastSent == Long.MIN_VALUE) {
            lastSent = ctx.wire().now();
        }
    }

    @Override
    public void onMessage(ByteBuf payload) {
        long now = ctx.wire().now();
        if (lastReceived != Long.MIN_VALUE && now - lastReceived < options.minReceiveInterval().toNanos()) {
            if (++floods >= options.maxFloods()) {
                ctx.misbehaved("flooding: " + floods + " messages too frequent");
            }
            return;
        }
        // Long lists are no offence (libtorrent adds up to 100 peers and drops any number): the
        // entries past the cap are ignored, never even turned into addresses.
        PexMessage m = PexMessage.decode(ByteBufUtil.getBytes(payload), MAX_RECEIVED_ENTRIES);
        lastReceived = now;
        listener.onPeers(ctx.wire(), m.added(), m.dropped());
    }

    @Override
    public void onTick(long nowNanos) {
        if (!ctx.peerSupports() || lastSent == Long.MIN_VALUE || nowNanos - lastSent < options.sendInterval().toNanos()) {
            return;
        }
        Map<InetSocketAddress, PexPeer> current = new LinkedHashMap<>();
        for (PexPeer p : swarm.get()) {
            current.put(p.address(), p);
        }
        List<PexPeer> added = new ArrayList<>();
        for (PexPeer p : current.values()) {
            if (added.size() == options.maxAdded()) break;
            if (!announced.containsKey(p.address())) added.add(p);
        }
        List<InetSocketAddress> dropped = new ArrayList<>();
        for (InetSocketAddress a : announced.keySet()) {
            if (dropped.size() == options.maxDropped()) break;
            if (!current.containsKey(a)) dropped.add(a);
        }
        if (added.isEmpty() && dropped.isEmpty()) {
            return;
        }
        lastSent = nowNanos;
        added.forEach(p -> announced.put(p.address(), p));
        dropped.forEach(announced::remove);
        ctx.send(new PexMessage(added, dropped).encode());
    }
}

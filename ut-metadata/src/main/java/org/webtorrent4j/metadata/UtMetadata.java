package org.webtorrent4j.metadata;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.webtorrent4j.wire.ExtendedHandshake;
import org.webtorrent4j.wire.ExtensionContext;
import org.webtorrent4j.wire.WireExtension;

/**
 * The BEP 9 {@code ut_metadata} extension on one wire. Serves metadata when we have it (rejects
 * requests when we do not) and, given a {@link MetadataFetcher}, fetches blocks from a peer that
 * announces {@code metadata_size}. Install one instance per wire: {@code wire.use(new UtMetadata(fetcher))}.
 */
public final class UtMetadata implements WireExtension {
    public static final String NAME = "ut_metadata";

    private final MetadataFetcher fetcher;
    private final byte[] served;
    private final Set<Integer> refusedByPeer = new HashSet<>();
    private ExtensionContext ctx;
    private long peerSize = -1;
    private int blocksServed;
    private byte[] servedCounts;
    private int lies;

    /** Serves {@code metadata} (the raw info dictionary) and fetches nothing. */
    public UtMetadata(byte[] metadata) {
        this.served = metadata.clone();
        this.fetcher = null;
    }

    /** Fetches through {@code fetcher}, and serves the metadata once it is verified. */
    public UtMetadata(MetadataFetcher fetcher) {
        this.served = null;
        this.fetcher = fetcher;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void onAttach(ExtensionContext context) {
        this.ctx = context;
    }

    /** The metadata this side can serve, or null. */
    public byte[] metadata() {
        return served != null ? served : fetcher.metadata();
    }

    /** Blocks sent to the peer. */
    public int blocksServed() {
        return blocksServed;
    }

    @Override
    public void addHandshakeFields(Map<String, Object> handshake) {
        byte[] m = metadata();
        if (m != null) {
            handshake.put("metadata_size", (long) m.length);
        }
    }

    @Override
    public void onExtendedHandshake(ExtendedHandshake handshake) {
        peerSize = handshake.metadataSize();
        requestMore();
    }

    @Override
    public void onMessage(ByteBuf payload) {
        MetadataMessage m = MetadataMessage.decode(ByteBufUtil.getBytes(payload));
        switch (m.type()) {
            case REQUEST -> serve(m.piece());
            case REJECT -> {
                if (fetcher != null && fetcher.rejected(this, m.piece())) { // one we asked it for
                    refusedByPeer.add(m.piece());
                    requestMore();
                }
            }
            case DATA -> onData(m);
        }
    }

    private void serve(int piece) {
        if (!ctx.peerSupports()) {
            return; // it never told us its id for ut_metadata: there is no way to answer
        }
        byte[] m = metadata();
        long blocks = m == null ? 0 : (m.length + MetadataMessage.BLOCK_SIZE - 1) / MetadataMessage.BLOCK_SIZE;
        if (m == null || piece >= blocks) {
            ctx.send(MetadataMessage.reject(piece).encode());
            return;
        }
        // A peer needs each block once; serving it again and again would let a 40-byte request
        // pull 16 KiB each time, so a block is served at most twice per connection.
        if (servedCounts == null) servedCounts = new byte[(int) blocks];
        if (servedCounts[piece] >= 2) {
            ctx.send(MetadataMessage.reject(piece).encode());
            return;
        }
        servedCounts[piece]++;
        int from = piece * MetadataMessage.BLOCK_SIZE;
        byte[] block = java.util.Arrays.copyOfRange(m, from, Math.min(m.length, from + MetadataMessage.BLOCK_SIZE));
        blocksServed++;
        ctx.send(MetadataMessage.data(piece, m.length, block).encode());
    }

    private void onData(MetadataMessage m) {
        if (fetcher == null) {
            return; // we asked for nothing
        }
        switch (fetcher.accept(this, m)) {
            case LIE -> {
                lies++;
                ctx.misbehaved("block " + m.piece() + " does not match the announced metadata_size " + peerSize);
                return;
            }
            case HASH_FAILED -> {
                if (fetcher.isBanned(this)) {
                    ctx.misbehaved("its metadata does not match the info-hash");
                    return;
                }
            }
            default -> { }
        }
        requestMore();
    }

    @Override
    public void onTick(long nowNanos) {
        if (fetcher != null && fetcher.isBanned(this)) {
            ctx.misbehaved("its metadata did not match the info-hash");
            return;
        }
        requestMore();
    }

    @Override
    public void onClose(org.webtorrent4j.wire.CloseReason reason) {
        if (fetcher != null) {
            fetcher.peerGone(this);
        }
    }

    private void requestMore() {
        if (fetcher == null || lies > 0 || !ctx.peerSupports() || ctx.wire().isClosed()
                || !fetcher.offer(this, peerSize)) {
            return;
        }
        List<Integer> blocks = fetcher.assign(this, fetcher.options().requestsPerPeer(), ctx.wire().now(), refusedByPeer);
        for (int block : blocks) {
            ctx.send(MetadataMessage.request(block).encode());
        }
    }
}

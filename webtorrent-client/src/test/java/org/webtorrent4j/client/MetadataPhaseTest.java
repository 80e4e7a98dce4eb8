package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultEventLoop;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.metadata.MetadataFetcher;
import org.webtorrent4j.metadata.UtMetadata;
import org.webtorrent4j.swarm.PeerLink;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.MemoryWireOutput;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireExtension;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;

/** The warnings of a magnet link's metadata phase when the metadata does not come. */
class MetadataPhaseTest {
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final byte[] metadata = TestTorrents.random(40_000, 7);
    private final byte[] infoHash = sha1(metadata);
    private final MetadataPhase phase = new MetadataPhase(infoHash, infoHash);
    private final BlockingQueue<String> warnings = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        phase.finish();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void connectedPeersThatDoNotOfferTheMetadataAreWarnedOfOnce() throws Exception {
        phase.watch(loop, warnings::add, STALL_NANOS);
        connect(new UtMetadata(new MetadataFetcher(infoHash))); // a peer that lacks it too
        connect(new UtMetadata(new MetadataFetcher(infoHash)));
        String w = warnings.poll(5, TimeUnit.SECONDS);
        assertNotNull(w, "a warning once the stall lasted");
        assertTrue(w.contains("no connected peer (of 2) offers it"), w);
        assertNull(warnings.poll(3 * STALL_NANOS, TimeUnit.NANOSECONDS), "the same stall is warned of once");
    }

    @Test
    void aPeerThatOffersButNeverSendsIsWarnedOf() throws Exception {
        phase.watch(loop, warnings::add, STALL_NANOS);
        connect(new Silent(metadata.length));
        String w = warnings.poll(5, TimeUnit.SECONDS);
        assertNotNull(w, "a warning once the stall lasted");
        assertTrue(w.contains("1 of the 1 connected peers offer it, but none sent any of it"), w);
    }

    @Test
    void aCopyThatFailsTheInfoHashIsWarnedOfAndNoPeerMeansNoStall() throws Exception {
        phase.watch(loop, warnings::add, STALL_NANOS);
        byte[] forged = metadata.clone();
        forged[100] ^= 1;
        Wire ours = connect(new UtMetadata(forged));
        String w = warnings.poll(5, TimeUnit.SECONDS);
        assertNotNull(w, "a warning for the bad copy");
        assertTrue(w.contains("does not match the info-hash (1 time so far)"), w);
        assertTrue(loop.submit(ours::isClosed).get(), "its only sender is banned");
        assertNull(warnings.poll(3 * STALL_NANOS, TimeUnit.NANOSECONDS), "no peer is left to wait for: no stall");
    }

    @Test
    void noWarningOnceTheMetadataCame() throws Exception {
        phase.watch(loop, warnings::add, STALL_NANOS);
        connect(new UtMetadata(metadata));
        assertTrue(Arrays.equals(metadata, phase.fetcher().future().get(5, TimeUnit.SECONDS)));
        assertNull(warnings.poll(3 * STALL_NANOS, TimeUnit.NANOSECONDS));
    }

    /**
     * Connects the phase to a peer running {@code remote} as its ut_metadata, in memory on the
     * loop, and exchanges what they send until both are quiet; returns our side's wire.
     */
    private Wire connect(WireExtension remote) throws Exception {
        return loop.submit(() -> {
            MemoryWireOutput toPeer = new MemoryWireOutput();
            MemoryWireOutput toUs = new MemoryWireOutput();
            WireListener[] phaseSide = new WireListener[1];
            Wire ours = new Wire(WireOptions.DEFAULT, toPeer, new WireListener() {
                @Override
                public void onHandshake(Wire wire, Handshake handshake) {
                    phaseSide[0].onHandshake(wire, handshake);
                }

                @Override
                public void onClose(Wire wire, CloseReason reason, Throwable cause) {
                    phaseSide[0].onClose(wire, reason, cause);
                }
            }, 0);
            Wire theirs = new Wire(WireOptions.DEFAULT, toUs, new WireListener() {
                @Override
                public void onInfoHash(Wire wire, byte[] hash) {
                    wire.handshake(hash, "-XX0001-theirs000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                }
            }, 0);
            theirs.use(remote);
            phaseSide[0] = phase.onConnection(new PeerLink(ours, new InetSocketAddress("127.0.0.1", 6881), false, loop));
            ours.handshake(infoHash, "-WT0001-ours00000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            while (toPeer.deliverTo(theirs) | toUs.deliverTo(ours)) {
                // until both are quiet
            }
            return ours;
        }).get(5, TimeUnit.SECONDS);
    }

    /** Offers metadata of {@code size} bytes and never answers a request. */
    private static final class Silent implements WireExtension {
        private final long size;

        Silent(long size) {
            this.size = size;
        }

        @Override
        public String name() {
            return UtMetadata.NAME;
        }

        @Override
        public void addHandshakeFields(Map<String, Object> handshake) {
            handshake.put("metadata_size", size);
        }

        @Override
        public void onMessage(ByteBuf payload) {}
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

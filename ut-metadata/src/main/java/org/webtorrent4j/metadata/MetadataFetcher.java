package org.webtorrent4j.metadata;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Assembles a torrent's metadata (its bencoded info dictionary) from 16 KiB blocks fetched from
 * any number of peers, each through its own {@link UtMetadata} extension, and verifies it against
 * the info-hash: SHA-1 for a 20-byte (v1) info-hash, SHA-256 for a 32-byte (v2) one.
 *
 * <p>Shared by the wires of one torrent, which may run on different threads: every method is
 * synchronized (metadata exchange is short and far from the hot path).
 */
public final class MetadataFetcher {
    /** What became of a data block. */
    enum Outcome { STORED, IGNORED, LIE, COMPLETE, HASH_FAILED }

    private record InFlight(UtMetadata peer, long sentAt) {}

    private final byte[] infoHash;
    private final UtMetadataOptions options;
    private final CompletableFuture<byte[]> future = new CompletableFuture<>();

    private long size = -1;
    private byte[] buffer;
    private BitSet received;
    private UtMetadata[] sources;
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private final Map<UtMetadata, Integer> strikes = new HashMap<>();
    private final Set<UtMetadata> banned = new HashSet<>();
    /** Peers that announced the size being fetched and may be asked. */
    private final Set<UtMetadata> offering = new HashSet<>();
    /** The size each connected peer announced: another may be fetched if the first proves a lie. */
    private final Map<UtMetadata, Long> announced = new HashMap<>();
    /** Peers that refused a block of the size being fetched before any block of it arrived. */
    private final Set<UtMetadata> refusing = new HashSet<>();
    private int hashFailures;
    private int blocksReceived;

    /**
     * @param infoHash 20 bytes (SHA-1 of the info dictionary) or 32 bytes (SHA-256, BitTorrent v2)
     */
    public MetadataFetcher(byte[] infoHash, UtMetadataOptions options) {
        if (infoHash.length != 20 && infoHash.length != 32) {
            throw new IllegalArgumentException("an info-hash has 20 (v1) or 32 (v2) bytes");
        }
        this.infoHash = infoHash.clone();
        this.options = options;
    }

    public MetadataFetcher(byte[] infoHash) {
        this(infoHash, UtMetadataOptions.DEFAULT);
    }

    /**
     * Completes with the verified metadata, on the thread of the wire that supplied the last
     * block. A wire may only be used from its own thread: act on a wire from a callback with
     * {@code thenAcceptAsync(action, wireExecutor)}, since a plain {@code thenAccept} may also run
     * on a thread that is blocked in {@code get()}.
     */
    public CompletableFuture<byte[]> future() {
        return future;
    }

    /** Assembled metadata that failed verification so far. */
    public synchronized int hashFailures() {
        return hashFailures;
    }

    public UtMetadataOptions options() {
        return options;
    }

    /**
     * Blocks received so far, those of copies that failed verification included: it grows while
     * the fetch makes progress.
     */
    public synchronized int blocksReceived() {
        return blocksReceived;
    }

    /** Connected peers that offer the metadata (at the size being fetched) and may be asked. */
    public synchronized int peersOffering() {
        return offering.size();
    }

    /** The verified metadata, or null. */
    byte[] metadata() {
        return future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
    }

    synchronized boolean isBanned(UtMetadata peer) {
        return banned.contains(peer);
    }

    /**
     * A peer announces {@code announcedSize}; returns true if blocks may be asked of it. The first
     * plausible size is adopted, and a peer announcing another size is not asked, until no peer
     * serves the adopted one while nothing of it has arrived (its peers left, were caught lying,
     * or refused): then this peer's size is tried.
     */
    synchronized boolean offer(UtMetadata peer, long announcedSize) {
        if (future.isDone() || banned.contains(peer) || announcedSize <= 0 || announcedSize > options.maxMetadataSize()) {
            offering.remove(peer);
            announced.remove(peer);
            return false;
        }
        announced.put(peer, announcedSize);
        if (size < 0 || (size != announcedSize && offering.isEmpty() && received.isEmpty())) {
            adopt(announcedSize);
        }
        if (size != announcedSize || refusing.contains(peer)) {
            offering.remove(peer);
            return false;
        }
        offering.add(peer);
        return true;
    }

    private void adopt(long newSize) {
        size = newSize;
        buffer = new byte[(int) size];
        received = new BitSet(blockCount());
        sources = new UtMetadata[blockCount()];
        inFlight.clear();
        offering.clear(); // its peers are asked again as they offer
        refusing.clear();
    }

    /** Picks up to {@code max} blocks for {@code peer} that nobody holds or is fetching. */
    synchronized List<Integer> assign(UtMetadata peer, int max, long now, Set<Integer> refusedByPeer) {
        List<Integer> picked = new ArrayList<>();
        if (size < 0 || future.isDone()) return picked;
        long timeout = options.requestTimeout().toNanos();
        int already = 0;
        for (Iterator<InFlight> it = inFlight.values().iterator(); it.hasNext(); ) {
            InFlight f = it.next();
            if (now - f.sentAt >= timeout) {
                it.remove();
            } else if (f.peer == peer) {
                already++;
            }
        }
        for (int block = received.nextClearBit(0); block < blockCount() && already + picked.size() < max;
                block = received.nextClearBit(block + 1)) {
            if (!inFlight.containsKey(block) && !refusedByPeer.contains(block)) {
                inFlight.put(block, new InFlight(peer, now));
                picked.add(block);
            }
        }
        return picked;
    }

    synchronized Outcome accept(UtMetadata peer, MetadataMessage m) {
        InFlight f = inFlight.get(m.piece());
        if (future.isDone() || f == null || f.peer != peer) {
            return Outcome.IGNORED; // unrequested, late or already fetched elsewhere
        }
        inFlight.remove(m.piece());
        if (m.totalSize() != size || m.data().length != blockLength(m.piece())) {
            return Outcome.LIE;
        }
        System.arraycopy(m.data(), 0, buffer, m.piece() * MetadataMessage.BLOCK_SIZE, m.data().length);
        received.set(m.piece());
        blocksReceived++;
        sources[m.piece()] = peer;
        if (received.cardinality() < blockCount()) {
            return Outcome.STORED;
        }
        if (Arrays.equals(digest(buffer), infoHash)) {
            future.complete(buffer);
            return Outcome.COMPLETE;
        }
        hashFailures++;
        Set<UtMetadata> contributors = new HashSet<>(Arrays.asList(sources));
        for (UtMetadata c : contributors) {
            int s = strikes.merge(c, 1, Integer::sum);
            if (contributors.size() == 1 || s >= options.maxStrikes()) {
                banned.add(c);
                offering.remove(c);
            }
        }
        // Start over; the size may have been a lie too, so the next peer's announcement decides.
        size = -1;
        buffer = null;
        received = null;
        sources = null;
        inFlight.clear();
        return Outcome.HASH_FAILED;
    }

    /** The peer refused a block; true if it was one this fetch asked it for. */
    synchronized boolean rejected(UtMetadata peer, int piece) {
        InFlight f = inFlight.get(piece);
        if (f != null && f.peer == peer) {
            inFlight.remove(piece);
            if (received.isEmpty()) { // not serving this size: maybe it announced another than it has
                refusing.add(peer);
                offering.remove(peer);
            }
            return true;
        }
        return false;
    }

    /** The peer's connection closed: nothing of it is kept (it would keep its closed wire alive). */
    synchronized void peerGone(UtMetadata peer) {
        inFlight.values().removeIf(f -> f.peer == peer);
        offering.remove(peer);
        announced.remove(peer);
        refusing.remove(peer);
        strikes.remove(peer);
        banned.remove(peer);
    }

    private int blockCount() {
        return (int) ((size + MetadataMessage.BLOCK_SIZE - 1) / MetadataMessage.BLOCK_SIZE);
    }

    private int blockLength(int piece) {
        if (piece < 0 || piece >= blockCount()) return -1;
        return (int) Math.min(MetadataMessage.BLOCK_SIZE, size - (long) piece * MetadataMessage.BLOCK_SIZE);
    }

    private byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(infoHash.length == 20 ? "SHA-1" : "SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 and SHA-256 are required by every JVM", e);
        }
    }
}

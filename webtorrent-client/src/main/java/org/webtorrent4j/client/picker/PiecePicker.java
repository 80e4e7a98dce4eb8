package org.webtorrent4j.client.picker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * Decides which blocks to request from which peer. Confined to the torrent's executor (no locks).
 *
 * <p>Order: pieces already started come first (finishing them frees memory and lets them be
 * verified and shared); then, among pieces of the highest priority, the rarest in the swarm,
 * ties broken at random; in sequential mode the lowest index instead. A piece of priority 0 is
 * never requested, and no piece is requested from a peer that lacks it. When every missing
 * block is already requested, end-game mode lets a block be requested from a second peer; the
 * caller cancels the other requests when it arrives ({@link #blockReceived}).
 *
 * <p>Pieces are kept in sets by priority and by availability, so a new piece is found with a few
 * word-wide set operations rather than a scan of every piece (which made a large torrent's
 * download quadratic).
 */
public final class PiecePicker {
    public static final int BLOCK_SIZE = 16 * 1024;

    private final int pieceCount;
    private final IntUnaryOperator pieceSize;
    private final Random random;
    private final int[] availability;
    private final byte[] priority;
    private final BitSet verified = new BitSet();
    /** Unverified pieces by priority, 1 to 7 (index 0 unused: those are never requested). */
    private final BitSet[] wanted = new BitSet[8];
    /** Pieces by how many peers other than seeds have them: the n-th set holds availability n. */
    private final List<BitSet> byAvailability = new ArrayList<>();
    /** Work sets, kept to spare an allocation per call. */
    private final BitSet candidates = new BitSet();
    private final BitSet rarest = new BitSet();
    /** Pieces that failed a hash check: downloaded again from one peer only, to find the culprit. */
    private final BitSet failedBefore = new BitSet();
    private final Map<Integer, PartialPiece> partial = new LinkedHashMap<>();
    /** The keys of {@code partial}, for the scan for a new piece (no boxing per piece). */
    private final BitSet started = new BitSet();
    private int seeds;
    private boolean sequential;
    /** See {@link #startedBytes()}. */
    private long startedBytes;

    /** A piece being downloaded: who was asked for each block, and which blocks arrived. */
    private static final class PartialPiece {
        final int blocks;
        final BitSet received = new BitSet();
        int receivedCount;
        /** Blocks received or asked of someone: outside end-game a request skips them at once. */
        final BitSet claimed = new BitSet();
        /**
         * Who was asked for each block: null, the one peer (nearly always), or the set of peers
         * (end-game). A set is made only for a second peer: a block costs no allocation.
         */
        private final Object[] askedFrom;
        /** The only peer allowed to send this piece (after a failed hash check), or null. */
        Object owner;
        /** Peers that let a request for this piece time out; null while there is none. */
        Set<Object> timedOut;

        PartialPiece(int blocks) {
            this.blocks = blocks;
            this.askedFrom = new Object[blocks];
        }

        boolean complete() {
            return receivedCount == blocks;
        }

        boolean anyAsked() {
            for (Object asked : askedFrom) {
                if (asked != null) {
                    return true;
                }
            }
            return false;
        }

        boolean anyAskedOf(Object peer) {
            for (int b = 0; b < blocks; b++) {
                if (askedOf(b, peer)) {
                    return true;
                }
            }
            return false;
        }

        boolean askedOf(int block, Object peer) {
            Object asked = askedFrom[block];
            return asked instanceof AskedPeers set ? set.contains(peer) : peer.equals(asked);
        }

        void ask(int block, Object peer) {
            Object asked = askedFrom[block];
            if (asked == null) {
                askedFrom[block] = peer;
            } else if (asked instanceof AskedPeers set) {
                set.add(peer);
            } else if (!asked.equals(peer)) {
                AskedPeers set = new AskedPeers();
                set.add(asked);
                set.add(peer);
                askedFrom[block] = set;
            }
            claimed.set(block);
        }

        void forget(int block, Object peer) {
            Object asked = askedFrom[block];
            if (asked instanceof AskedPeers set) {
                set.remove(peer);
                if (set.isEmpty()) {
                    askedFrom[block] = null;
                }
            } else if (peer.equals(asked)) {
                askedFrom[block] = null;
            }
            if (askedFrom[block] == null && !received.get(block)) {
                claimed.clear(block);
            }
        }

        /** Marks a block arrived from {@code sender}; returns the other peers asked for it. */
        Set<Object> receive(int block, Object sender) {
            received.set(block);
            receivedCount++;
            claimed.set(block);
            Object asked = askedFrom[block];
            askedFrom[block] = null;
            if (asked instanceof AskedPeers set) {
                set.remove(sender);
                return set;
            }
            return asked == null || asked.equals(sender) ? Set.of() : Set.of(asked);
        }
    }

    /** The peers asked for one block in end-game; its own type, since peers may be sets too. */
    private static final class AskedPeers extends HashSet<Object> {}

    /**
     * @param pieceSize the size of each piece by index (the last one may be shorter)
     */
    public PiecePicker(int pieceCount, IntUnaryOperator pieceSize, Random random) {
        this.pieceCount = pieceCount;
        this.pieceSize = pieceSize;
        this.random = random;
        this.availability = new int[pieceCount];
        this.priority = new byte[pieceCount];
        java.util.Arrays.fill(priority, (byte) 1);
        for (int i = 0; i < wanted.length; i++) {
            wanted[i] = new BitSet();
        }
        wanted[1].set(0, pieceCount);
        BitSet nobody = new BitSet();
        nobody.set(0, pieceCount);
        byAvailability.add(nobody);
    }

    public void setSequential(boolean sequential) {
        this.sequential = sequential;
    }

    /** 0 = do not download, 1 = normal, up to 7 = highest. */
    public void setPriority(int piece, int value) {
        if (value < 0 || value > 7) {
            throw new IllegalArgumentException("priority must be 0..7: " + value);
        }
        wanted[priority[piece]].clear(piece);
        priority[piece] = (byte) value;
        if (value > 0 && !verified.get(piece)) {
            wanted[value].set(piece);
        }
    }

    public int priority(int piece) {
        return priority[piece];
    }

    /**
     * Gives up the pieces being downloaded that are no longer wanted (priority 0): their blocks
     * are forgotten, and late ones are ignored. Returns them, so that their memory and requests
     * can go: a partial piece nobody finishes would otherwise hold its buffer for good.
     */
    public List<Integer> abandonUnwanted() {
        // A complete piece is being hashed: its check ends it either way. Dropped now, it could
        // be started again, wanted again, while the first copy is still checked.
        return abandon((piece, p) -> priority[piece] == 0 && !p.complete());
    }

    /**
     * Gives up the partial pieces that no connected peer has and nobody is asked for: their
     * sources left. Returns them, so that their memory can go (see {@link #abandonUnwanted}).
     */
    public List<Integer> abandonStranded() {
        return abandon((piece, p) -> availability(piece) == 0 && !p.complete() && !p.anyAsked());
    }

    private List<Integer> abandon(java.util.function.BiPredicate<Integer, PartialPiece> given) {
        List<Integer> abandoned = new ArrayList<>();
        partial.forEach((piece, p) -> {
            if (given.test(piece, p)) {
                abandoned.add(piece);
            }
        });
        abandoned.forEach(this::forgetPartial);
        return abandoned;
    }

    // --- what the swarm has ---

    public void peerHasAll() {
        seeds++;
    }

    public void peerLostAll() {
        seeds--;
    }

    public void peerHas(int piece) {
        changeAvailability(piece, 1);
    }

    public void peerHas(BitSet pieces) {
        pieces.stream().filter(p -> p < pieceCount).forEach(p -> changeAvailability(p, 1));
    }

    public void peerLost(BitSet pieces) {
        pieces.stream().filter(p -> p < pieceCount).forEach(p -> changeAvailability(p, -1));
    }

    private void changeAvailability(int piece, int delta) {
        byAvailability.get(availability[piece]).clear(piece);
        availability[piece] = Math.max(0, availability[piece] + delta);
        while (byAvailability.size() <= availability[piece]) {
            byAvailability.add(new BitSet());
        }
        byAvailability.get(availability[piece]).set(piece);
    }

    /** How many connected peers have the piece. */
    public int availability(int piece) {
        return availability[piece] + seeds;
    }

    // --- what we have ---

    public void markVerified(int piece) {
        verified.set(piece);
        wanted[priority[piece]].clear(piece);
        forgetPartial(piece);
    }

    private void forgetPartial(int piece) {
        if (partial.remove(piece) != null) {
            startedBytes -= pieceSize.applyAsInt(piece);
        }
        started.clear(piece);
    }

    /**
     * Bytes of the pieces started and not yet verified or given up: what their buffers hold
     * once their blocks arrive, counted from the moment they are picked.
     */
    public long startedBytes() {
        return startedBytes;
    }

    public boolean isVerified(int piece) {
        return verified.get(piece);
    }

    public BitSet verified() {
        return (BitSet) verified.clone();
    }

    /** True when every piece of non-zero priority is verified. */
    public boolean isComplete() {
        for (int prio = 1; prio < wanted.length; prio++) {
            if (!wanted[prio].isEmpty()) {
                return false;
            }
        }
        return true;
    }

    // --- requests ---

    /**
     * Up to {@code max} blocks to request from a peer that has {@code peerHas} (null: it has
     * every piece), recording the requests.
     */
    public List<Block> pick(Object peer, BitSet peerHas, int max) {
        return pick(peer, peerHas, max, true);
    }

    /**
     * As {@link #pick(Object, BitSet, int)}; with {@code startNewPieces} false only pieces
     * already started are continued (the caller is short of memory for more).
     */
    public List<Block> pick(Object peer, BitSet peerHas, int max, boolean startNewPieces) {
        List<Block> picked = new ArrayList<>();
        for (Map.Entry<Integer, PartialPiece> e : partial.entrySet()) {
            if (picked.size() >= max) {
                return picked;
            }
            if (has(peerHas, e.getKey()) && priority[e.getKey()] > 0) {
                takeBlocks(peer, e.getKey(), e.getValue(), false, max, picked);
            }
        }
        while (startNewPieces && picked.size() < max) {
            int piece = nextNewPiece(peerHas);
            if (piece < 0) {
                break;
            }
            PartialPiece p = new PartialPiece(blockCount(piece));
            partial.put(piece, p);
            started.set(piece);
            startedBytes += pieceSize.applyAsInt(piece);
            takeBlocks(peer, piece, p, false, max, picked);
        }
        if (picked.isEmpty() && inEndGame()) {
            for (Map.Entry<Integer, PartialPiece> e : partial.entrySet()) {
                if (picked.size() >= max) {
                    break;
                }
                if (has(peerHas, e.getKey()) && priority[e.getKey()] > 0) {
                    takeBlocks(peer, e.getKey(), e.getValue(), true, max, picked);
                }
            }
        }
        return picked;
    }

    /**
     * End-game: no wanted piece is left unstarted and every missing block is requested from
     * someone.
     */
    public boolean inEndGame() {
        for (int prio = 1; prio < wanted.length; prio++) {
            if (!unstarted(prio).isEmpty()) {
                return false; // a wanted piece nobody was asked for yet
            }
        }
        for (Map.Entry<Integer, PartialPiece> e : partial.entrySet()) {
            PartialPiece p = e.getValue();
            if (priority[e.getKey()] > 0 && p.claimed.nextClearBit(0) < p.blocks) {
                return false;
            }
        }
        return true;
    }

    private void takeBlocks(Object peer, int piece, PartialPiece p, boolean duplicate, int max, List<Block> out) {
        if (p.timedOut != null && p.timedOut.contains(peer) && availability(piece) > 1) {
            return; // it let a request of this piece time out: another peer that has it is asked
        }
        if (failedBefore.get(piece)) {
            if (p.owner == null) {
                p.owner = peer;
            } else if (!p.owner.equals(peer)) {
                return;
            }
        }
        BitSet skip = duplicate ? p.received : p.claimed;
        for (int b = skip.nextClearBit(0); b < p.blocks && out.size() < max; b = skip.nextClearBit(b + 1)) {
            if (duplicate && p.askedOf(b, peer)) {
                continue;
            }
            p.ask(b, peer);
            out.add(block(piece, b));
        }
    }

    private int nextNewPiece(BitSet peerHas) {
        for (int prio = wanted.length - 1; prio > 0; prio--) {
            if (wanted[prio].isEmpty()) {
                continue;
            }
            BitSet open = unstarted(prio);
            if (peerHas != null) {
                open.and(peerHas);
            }
            if (open.isEmpty()) {
                continue;
            }
            if (sequential) {
                return open.nextSetBit(0);
            }
            for (BitSet level : byAvailability) {
                if (level.intersects(open)) {
                    rarest.clear();
                    rarest.or(open);
                    rarest.and(level);
                    // A tie is broken from a random point: each piece as likely where they lie dense.
                    int from = rarest.nextSetBit(random.nextInt(pieceCount));
                    return from >= 0 ? from : rarest.nextSetBit(0);
                }
            }
        }
        return -1;
    }

    /** The wanted pieces of a priority not started yet, in the reused work set {@code candidates}. */
    private BitSet unstarted(int prio) {
        candidates.clear();
        candidates.or(wanted[prio]);
        candidates.andNot(started);
        return candidates;
    }

    private static boolean has(BitSet peerHas, int piece) {
        return peerHas == null || peerHas.get(piece);
    }

    private int blockCount(int piece) {
        return (pieceSize.applyAsInt(piece) + BLOCK_SIZE - 1) / BLOCK_SIZE;
    }

    private Block block(int piece, int index) {
        int offset = index * BLOCK_SIZE;
        return new Block(piece, offset, Math.min(BLOCK_SIZE, pieceSize.applyAsInt(piece) - offset));
    }

    /**
     * Records an arrived block. Returns the other peers that were asked for it too (to cancel),
     * or null when the block was not expected or already received (drop it).
     */
    public Set<Object> blockReceived(Object peer, Block block) {
        PartialPiece p = partial.get(block.piece());
        int index = block.offset() / BLOCK_SIZE;
        if (p == null || block.offset() % BLOCK_SIZE != 0 || index >= p.blocks
                || !block.equals(block(block.piece(), index)) || p.received.get(index)) {
            return null;
        }
        return p.receive(index, peer);
    }

    /** True when every block of the piece has arrived: time to verify it. */
    public boolean isPieceComplete(int piece) {
        PartialPiece p = partial.get(piece);
        return p != null && p.complete();
    }

    /**
     * The piece failed its hash check: all of its blocks are wanted again, this time from a
     * single peer, so that a second failure identifies the peer that sends bad data.
     */
    public void pieceFailed(int piece) {
        forgetPartial(piece);
        failedBefore.set(piece);
    }

    /**
     * A request will not be answered (timeout, choke, reject, disconnect): the block is free
     * again. An owner with nothing of its piece still asked gives the piece up: a peer that
     * chokes us must not keep it from the others.
     */
    public void requestDropped(Object peer, Block block) {
        PartialPiece p = partial.get(block.piece());
        if (p != null && block.offset() / BLOCK_SIZE < p.blocks) {
            p.forget(block.offset() / BLOCK_SIZE, peer);
            if (peer.equals(p.owner) && !p.anyAskedOf(peer)) {
                p.owner = null; // the next peer to ask for the piece takes it over
            }
        }
    }

    /**
     * A request went unanswered too long: as {@link #requestDropped}, and the peer is not asked
     * for the piece again while another peer has it. Without this, the next pick handed the
     * same blocks straight back to the unresponsive peer, and a piece it owned after a failed
     * hash check stayed with it for as long as it stayed connected.
     */
    public void requestTimedOut(Object peer, Block block) {
        requestDropped(peer, block);
        PartialPiece p = partial.get(block.piece());
        if (p != null) {
            if (p.timedOut == null) {
                p.timedOut = new HashSet<>();
            }
            p.timedOut.add(peer);
            if (peer.equals(p.owner)) {
                p.owner = null;
            }
        }
    }

    /** Forgets every request made to a peer that went away. */
    public void peerGone(Object peer) {
        for (PartialPiece p : partial.values()) {
            if (peer.equals(p.owner)) {
                p.owner = null; // the next peer to ask for the piece takes it over
            }
            if (p.timedOut != null) {
                p.timedOut.remove(peer);
            }
            for (int b = 0; b < p.blocks; b++) {
                p.forget(b, peer);
            }
        }
    }

    /** Pieces started and not yet verified, with how many blocks of each arrived. */
    public Map<Integer, Integer> partialPieces() {
        Map<Integer, Integer> out = new HashMap<>();
        partial.forEach((piece, p) -> out.put(piece, p.receivedCount));
        return out;
    }
}

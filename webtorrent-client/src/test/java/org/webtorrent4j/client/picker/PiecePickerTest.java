package org.webtorrent4j.client.picker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiecePickerTest {
    private static final int PIECE = 4 * PiecePicker.BLOCK_SIZE;

    private static BitSet bits(int... pieces) {
        BitSet b = new BitSet();
        for (int p : pieces) {
            b.set(p);
        }
        return b;
    }

    private static PiecePicker picker(int pieces) {
        return new PiecePicker(pieces, p -> p == pieces - 1 ? PIECE / 2 + 5 : PIECE, new Random(3));
    }

    @Test
    void picksTheRarestPieceAndNeverOneThePeerLacks() {
        PiecePicker picker = picker(4);
        picker.peerHas(bits(0, 1, 2, 3));
        picker.peerHas(bits(0, 1, 3));
        picker.peerHas(bits(0, 3));
        // availability: 0→3, 1→2, 2→1, 3→3
        List<Block> blocks = picker.pick("a", null, 4);
        assertEquals(Set.of(2), pieces(blocks));
        List<Block> fromB = picker.pick("b", bits(0, 3), 8);
        assertTrue(pieces(fromB).stream().allMatch(p -> p == 0 || p == 3), fromB.toString());
    }

    @Test
    void breaksTiesAtRandom() {
        Set<Integer> firstPicks = new HashSet<>();
        Random seeds = new Random(7); // not seeds 0, 1, 2...: their first draws are alike
        for (int run = 0; run < 50; run++) {
            PiecePicker picker = new PiecePicker(8, p -> PIECE, new Random(seeds.nextLong()));
            firstPicks.add(picker.pick("a", null, 1).get(0).piece());
        }
        assertTrue(firstPicks.size() >= 4, "ties should spread over pieces: " + firstPicks);
    }

    @Test
    void finishesStartedPiecesFirstAndSplitsBlocksAmongPeers() {
        PiecePicker picker = new PiecePicker(3, p -> PIECE, new Random(3));
        List<Block> a = picker.pick("a", null, 2);
        List<Block> b = picker.pick("b", null, 2);
        assertEquals(1, pieces(a).size());
        assertEquals(pieces(a), pieces(b), "the second peer continues the started piece");
        assertTrue(new HashSet<>(a).stream().noneMatch(b::contains), "no block asked twice outside end-game");
    }

    @Test
    void handlesTheShortLastPiece() {
        PiecePicker picker = picker(1);
        List<Block> blocks = picker.pick("a", null, 10);
        assertEquals(List.of(new Block(0, 0, 16384), new Block(0, 16384, 16384), new Block(0, 32768, 5)), blocks);
    }

    @Test
    void respectsPrioritiesAndSequentialMode() {
        PiecePicker picker = picker(6);
        picker.setPriority(0, 0);
        picker.setPriority(4, 7);
        assertEquals(Set.of(4), pieces(picker.pick("a", null, 4)));
        picker.setSequential(true);
        assertEquals(Set.of(1), pieces(picker.pick("a", null, 4)));
        assertEquals(Set.of(2), pieces(picker.pick("a", null, 4)));
        for (int p = 1; p < 6; p++) {
            picker.markVerified(p);
        }
        assertTrue(picker.isComplete(), "piece 0 has priority 0 and is not needed");
        assertEquals(List.of(), picker.pick("a", null, 4));
    }

    @Test
    void endGameAsksASecondPeerAndReportsWhomToCancel() {
        PiecePicker picker = picker(1);
        List<Block> a = picker.pick("a", null, 10);
        assertTrue(picker.inEndGame());
        List<Block> b = picker.pick("b", null, 10);
        assertEquals(a, b, "in end-game the same blocks go to another peer");
        assertEquals(Set.of("b"), picker.blockReceived("a", a.get(0)));
        assertNull(picker.blockReceived("b", a.get(0)), "a duplicate is dropped");
        picker.blockReceived("a", a.get(1));
        assertFalse(picker.isPieceComplete(0));
        picker.blockReceived("b", a.get(2));
        assertTrue(picker.isPieceComplete(0));
    }

    @Test
    void endGameTracksEveryPeerAskedForABlock() {
        PiecePicker picker = picker(1);
        List<Block> a = picker.pick("a", null, 10);
        picker.pick("b", null, 10);
        assertEquals(a, picker.pick("c", null, 10), "a third peer in end-game");
        picker.requestDropped("b", a.get(0));
        assertEquals(Set.of("a"), picker.blockReceived("c", a.get(0)), "b is no longer asked: cancel a only");
        picker.requestDropped("a", a.get(1));
        picker.requestDropped("b", a.get(1));
        picker.requestDropped("c", a.get(1));
        assertEquals(List.of(a.get(1)), picker.pick("d", null, 10), "asked of nobody, it is free for anyone again");
    }

    @Test
    void failedPiecesAndDroppedRequestsAreAskedAgain() {
        PiecePicker picker = picker(1);
        List<Block> a = picker.pick("a", null, 10);
        a.forEach(block -> picker.blockReceived("a", block));
        picker.pieceFailed(0);
        assertEquals(a, picker.pick("b", null, 10));
        picker.requestDropped("b", a.get(1));
        picker.peerGone("b");
        assertEquals(a, picker.pick("c", null, 10));
        assertNull(picker.blockReceived("c", new Block(0, 100, 16384)), "a misaligned block is not expected");
    }

    /** The rarest piece follows haves and departures, and a raised priority comes first. */
    @Test
    void followsAvailabilityAndPriorityAsTheyChange() {
        PiecePicker picker = new PiecePicker(6, p -> PIECE, new Random(5));
        picker.peerHas(bits(0, 1, 2, 3, 4, 5));
        picker.peerHas(bits(0, 1, 2, 3, 5));
        picker.peerHas(4); // piece 4: three peers, the others two
        picker.peerLost(bits(0, 1, 2, 3, 5)); // one peer leaves: the others one
        picker.peerHas(bits(0, 1, 3, 4, 5)); // piece 2: the rarest
        assertEquals(Set.of(2), pieces(picker.pick("a", null, 4)));
        picker.setPriority(4, 3);
        assertEquals(Set.of(4), pieces(picker.pick("b", null, 4)), "the higher priority first, common as it is");
        picker.markVerified(4);
        picker.setPriority(4, 5); // a verified piece is not wanted again
        Set<Integer> rest = new HashSet<>();
        for (List<Block> got; !(got = picker.pick("c", null, 4)).isEmpty(); ) {
            rest.addAll(pieces(got));
            got.forEach(b -> picker.blockReceived("c", b));
        }
        assertEquals(Set.of(0, 1, 2, 3, 5), rest, "the started piece 2 too, and not the verified 4");
    }

    @Test
    void tracksAvailabilityIncludingSeeds() {
        PiecePicker picker = picker(2);
        picker.peerHasAll();
        picker.peerHas(1);
        assertEquals(1, picker.availability(0));
        assertEquals(2, picker.availability(1));
        picker.peerLost(bits(1));
        picker.peerLostAll();
        assertEquals(0, picker.availability(1));
    }

    private static Set<Integer> pieces(List<Block> blocks) {
        Set<Integer> out = new HashSet<>();
        blocks.forEach(b -> out.add(b.piece()));
        return out;
    }

    @Test
    void aFailedPieceIsFetchedAgainFromOnePeerOnly() {
        PiecePicker picker = picker(2);
        List<Block> a = picker.pick("a", bits(0), 10);
        List<Block> b = picker.pick("b", bits(0), 10);
        assertTrue(b.isEmpty() || pieces(b).equals(Set.of(0)));
        a.forEach(block -> picker.blockReceived("a", block));
        picker.pieceFailed(0);
        List<Block> again = picker.pick("b", bits(0), 2);
        assertEquals(2, again.size());
        assertEquals(List.of(), picker.pick("c", bits(0), 10), "another peer may not join a re-fetched piece");
        picker.peerGone("b");
        assertEquals(Set.of(0), pieces(picker.pick("c", bits(0), 10)), "a new owner takes over when the first leaves");
    }

    @Test
    void anOwnerThatDropsAllItWasAskedGivesTheFailedPieceUp() {
        PiecePicker picker = picker(2);
        picker.pick("a", bits(0), 10).forEach(block -> picker.blockReceived("a", block));
        picker.pieceFailed(0);
        List<Block> asked = picker.pick("b", bits(0), 2);
        picker.requestDropped("b", asked.get(0));
        assertEquals(List.of(), picker.pick("c", bits(0), 10), "b is still asked for a block: it keeps the piece");
        picker.requestDropped("b", asked.get(1)); // b choked us, say
        assertEquals(Set.of(0), pieces(picker.pick("c", bits(0), 10)), "another peer takes the piece over");
    }

    @Test
    void partialPiecesNoLongerWantedAreAbandonedAndTheirLateBlocksIgnored() {
        PiecePicker picker = picker(3);
        List<Block> first = picker.pick("a", bits(0, 1, 2), 1);
        int piece = first.get(0).piece();
        picker.blockReceived("a", first.get(0));
        List<Block> more = picker.pick("a", bits(piece), 1);
        assertEquals(List.of(), picker.abandonUnwanted(), "still wanted: kept");
        picker.setPriority(piece, 0);
        assertEquals(List.of(piece), picker.abandonUnwanted());
        assertNull(picker.blockReceived("a", more.get(0)), "a late block of it is ignored");
        assertFalse(picker.isPieceComplete(piece));
        picker.setPriority(piece, 1);
        assertEquals(Set.of(piece), pieces(picker.pick("b", bits(piece), 100)), "wanted again: fetched from the start");
    }

    /**
     * A peer that let its requests time out is not handed the same blocks again while another
     * peer has the piece: in sequential mode the first piece no longer waits for end-game.
     */
    @Test
    void blocksThatTimedOutGoToAnotherPeer() {
        int piece = 4 * PiecePicker.BLOCK_SIZE;
        PiecePicker picker = new PiecePicker(10, p -> piece, new Random(1));
        picker.setSequential(true);
        picker.peerHasAll();
        picker.peerHasAll();
        List<Block> stalled = picker.pick("stalled", null, 2); // piece 0, blocks 0 and 1
        picker.pick("responsive", null, 2); // piece 0, blocks 2 and 3
        stalled.forEach(b -> picker.requestTimedOut("stalled", b));
        assertTrue(picker.pick("stalled", null, 2).stream().noneMatch(b -> b.piece() == 0),
                "the stalled peer moves on to another piece");
        assertEquals(stalled, picker.pick("responsive", null, 2));
    }

    /** The owner of a piece that failed its hash check gives it up when its requests time out. */
    @Test
    void anOwnerThatTimesOutLosesTheFailedPiece() {
        int piece = 4 * PiecePicker.BLOCK_SIZE;
        PiecePicker picker = new PiecePicker(1, p -> piece, new Random(1));
        picker.peerHasAll();
        picker.peerHasAll();
        picker.pick("a", null, 16).forEach(b -> picker.blockReceived("a", b));
        picker.pieceFailed(0);
        List<Block> owned = picker.pick("stalled", null, 16);
        assertEquals(4, owned.size());
        owned.forEach(b -> picker.requestTimedOut("stalled", b));
        assertTrue(picker.pick("stalled", null, 16).isEmpty(), "not taken back by the peer that timed out");
        assertEquals(owned, picker.pick("responsive", null, 16));
    }

    /** A peer that timed out is still asked when no other peer has the piece. */
    @Test
    void theOnlySourceIsAskedAgainAfterATimeout() {
        int piece = 4 * PiecePicker.BLOCK_SIZE;
        PiecePicker picker = new PiecePicker(1, p -> piece, new Random(1));
        picker.peerHasAll();
        List<Block> asked = picker.pick("only", null, 16);
        asked.forEach(b -> picker.requestTimedOut("only", b));
        assertEquals(asked, picker.pick("only", null, 16));
    }

    /**
     * A complete piece (its hash being checked) is not abandoned when its file is deselected:
     * selected again meanwhile, it would be downloaded a second time into a buffer that its
     * first check's end never gave back.
     */
    @Test
    void aPieceBeingVerifiedIsNotAbandoned() {
        int piece = 4 * PiecePicker.BLOCK_SIZE;
        PiecePicker picker = new PiecePicker(2, p -> piece, new Random(1));
        picker.peerHasAll();
        List<Block> blocks = picker.pick("a", null, 4);
        blocks.forEach(b -> picker.blockReceived("a", b));
        int complete = blocks.get(0).piece();
        assertTrue(picker.isPieceComplete(complete));
        picker.setPriority(complete, 0);
        assertEquals(List.of(), picker.abandonUnwanted());
        picker.setPriority(complete, 1);
        assertTrue(picker.pick("a", null, 8).stream().noneMatch(b -> b.piece() == complete));
    }

    /** Only a partial piece that no connected peer has and nobody is asked for is given up. */
    @Test
    void strandedPiecesAreThoseNoConnectedPeerHas() {
        int piece = 4 * PiecePicker.BLOCK_SIZE;
        PiecePicker picker = new PiecePicker(3, p -> piece, new Random(1));
        BitSet all = new BitSet();
        all.set(0, 3);
        picker.peerHas(all);
        picker.setSequential(true);
        List<Block> first = picker.pick("a", null, 6); // piece 0 whole, half of piece 1
        first.forEach(b -> picker.blockReceived("a", b));
        BitSet only2 = new BitSet();
        only2.set(2);
        picker.pick("b", only2, 1); // a block of piece 2 asked of b
        assertEquals(List.of(), picker.abandonStranded(), "a connected peer has them");
        picker.peerLost(all);
        assertEquals(List.of(1), picker.abandonStranded(),
                "piece 0 is complete (being checked), piece 2 is asked of b: only piece 1 is stranded");
        BitSet only1 = new BitSet();
        only1.set(1);
        assertEquals(1, picker.pick("c", only1, 1).get(0).piece(), "started again when a source comes");
    }

    /** A piece counts against the memory budget from its pick until it is verified or given up. */
    @Test
    void startedBytesCountPiecesFromTheirPick() {
        PiecePicker picker = new PiecePicker(3, p -> p == 2 ? 5000 : 2 * PiecePicker.BLOCK_SIZE, new Random(1));
        picker.peerHasAll();
        picker.setSequential(true);
        List<Block> blocks = picker.pick("a", null, 5); // pieces 0, 1 and 2, nothing arrived yet
        assertEquals(4L * PiecePicker.BLOCK_SIZE + 5000, picker.startedBytes());
        blocks.stream().filter(b -> b.piece() == 0).forEach(b -> picker.blockReceived("a", b));
        picker.markVerified(0);
        picker.pieceFailed(2);
        assertEquals(2L * PiecePicker.BLOCK_SIZE, picker.startedBytes());
        picker.setPriority(1, 0);
        picker.abandonUnwanted();
        assertEquals(0, picker.startedBytes());
    }
}

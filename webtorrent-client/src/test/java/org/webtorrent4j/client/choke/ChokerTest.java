package org.webtorrent4j.client.choke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChokerTest {
    private static PeerStats<String> peer(String name, boolean interested, long down, long up, boolean snubbed) {
        return new PeerStats<>(name, interested, down, up, snubbed);
    }

    private final List<PeerStats<String>> peers = List.of(
            peer("fastGiver", true, 900, 10, false),
            peer("midGiver", true, 500, 10, false),
            peer("bigTaker", true, 1, 800, false),
            peer("snubbed", true, 5000, 10, true),
            peer("notInterested", false, 10_000, 10_000, false),
            peer("newcomer", true, 0, 0, false));

    @Test
    void titForTatWhileDownloading() {
        Set<String> unchoked = new Choker<String>(2, new Random(1)).decide(peers, false);
        assertTrue(unchoked.containsAll(Set.of("fastGiver", "midGiver")), unchoked.toString());
        assertEquals(3, unchoked.size(), "two regular slots and one optimistic");
        assertFalse(unchoked.contains("notInterested"));
    }

    @Test
    void favoursFastDownloadersWhileSeeding() {
        Set<String> unchoked = new Choker<String>(1, new Random(1)).decide(peers, true);
        assertTrue(unchoked.contains("bigTaker"), unchoked.toString());
    }

    @Test
    void optimisticSlotRotatesEveryThirdRound() {
        Choker<String> choker = new Choker<>(2, new Random(5));
        Set<String> optimistic = new HashSet<>();
        String last = null;
        for (int round = 0; round < 30; round++) {
            Set<String> unchoked = new HashSet<>(choker.decide(peers, false));
            unchoked.removeAll(Set.of("fastGiver", "midGiver"));
            String current = unchoked.iterator().next();
            if (round % 3 != 0) {
                assertEquals(last, current, "kept between rotations");
            }
            optimistic.add(current);
            last = current;
        }
        assertEquals(Set.of("bigTaker", "snubbed", "newcomer"), optimistic);
    }

    /** Peers of equal rate share the regular slots over the rounds, whatever their list order. */
    @Test
    void equalPeersShareTheRegularSlots() {
        Choker<Integer> choker = new Choker<>(4, new Random(5));
        List<PeerStats<Integer>> peers = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            peers.add(new PeerStats<>(i, true, 0, 0, false));
        }
        int[] roundsUnchoked = new int[12];
        for (int round = 0; round < 30; round++) { // five minutes
            choker.decide(peers, false).forEach(p -> roundsUnchoked[p]++);
        }
        for (int p = 0; p < 12; p++) {
            assertTrue(roundsUnchoked[p] > 0 && roundsUnchoked[p] < 30,
                    "peer " + p + " unchoked in " + roundsUnchoked[p] + " of 30 rounds");
        }
    }
}

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
}

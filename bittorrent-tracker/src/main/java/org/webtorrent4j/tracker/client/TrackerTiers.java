package org.webtorrent4j.tracker.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The multi-tracker order of BEP 12: tiers tried in order, trackers within a tier shuffled once,
 * and a tracker that answers moved to the front of its tier. Transport-free; not thread-safe.
 */
public final class TrackerTiers {
    private final List<List<URI>> tiers = new ArrayList<>();

    public TrackerTiers(List<List<URI>> announceList, Random random) {
        for (List<URI> tier : announceList) {
            if (!tier.isEmpty()) {
                List<URI> t = new ArrayList<>(new java.util.LinkedHashSet<>(tier));
                Collections.shuffle(t, random);
                tiers.add(t);
            }
        }
    }

    /** Every tracker in the order to try them. */
    public List<URI> order() {
        List<URI> all = new ArrayList<>();
        tiers.forEach(all::addAll);
        return all;
    }

    /** Moves a tracker that answered to the front of its tier. */
    public void promote(URI tracker) {
        for (List<URI> tier : tiers) {
            if (tier.remove(tracker)) {
                tier.add(0, tracker);
                return;
            }
        }
    }

    public List<List<URI>> tiers() {
        List<List<URI>> copy = new ArrayList<>();
        tiers.forEach(t -> copy.add(List.copyOf(t)));
        return copy;
    }
}

package org.webtorrent4j.client.choke;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Decides which interested peers we upload to. Called every 10 seconds by the torrent's
 * executor; confined to it.
 *
 * <p>While downloading: tit-for-tat, the peers that give us the most get the regular slots
 * (snubbed peers last). While seeding: the peers that take the most get them, so data spreads
 * fast. One more slot is optimistic: a random other interested peer, rotated every third round
 * (30 seconds), which lets newcomers prove themselves.
 */
public final class Choker<P> {
    private final int uploadSlots;
    private final Random random;
    private P optimistic;
    private int round;

    /** @param uploadSlots regular unchoke slots (the optimistic slot comes on top) */
    public Choker(int uploadSlots, Random random) {
        if (uploadSlots < 0) {
            throw new IllegalArgumentException("upload slots must be >= 0");
        }
        this.uploadSlots = uploadSlots;
        this.random = random;
    }

    /** Regular unchoke slots (the optimistic one not counted). */
    public int slots() {
        return uploadSlots;
    }

    /** The peers to unchoke now; every other peer is choked. */
    public Set<P> decide(List<PeerStats<P>> peers, boolean seeding) {
        List<PeerStats<P>> interested = new ArrayList<>();
        for (PeerStats<P> s : peers) {
            if (s.interested()) {
                interested.add(s);
            }
        }
        Comparator<PeerStats<P>> byContribution = seeding
                ? Comparator.comparingLong(PeerStats::uploadRate)
                : Comparator.comparingLong(PeerStats::downloadRate);
        // Shuffled first, so that equal rates (leechers with nothing for us yet) share the regular
        // slots over the rounds instead of going to the same peers by list order.
        java.util.Collections.shuffle(interested, random);
        interested.sort(Comparator.<PeerStats<P>, Boolean>comparing(PeerStats::snubbed)
                .thenComparing(byContribution.reversed()));

        Set<P> unchoked = new HashSet<>();
        for (int i = 0; i < Math.min(uploadSlots, interested.size()); i++) {
            unchoked.add(interested.get(i).peer());
        }
        List<P> others = new ArrayList<>();
        for (PeerStats<P> s : interested) {
            if (!unchoked.contains(s.peer())) {
                others.add(s.peer());
            }
        }
        boolean rotate = round++ % 3 == 0 || optimistic == null || !others.contains(optimistic);
        if (rotate) {
            optimistic = others.isEmpty() ? null : others.get(random.nextInt(others.size()));
        }
        if (optimistic != null) {
            unchoked.add(optimistic);
        }
        return unchoked;
    }
}

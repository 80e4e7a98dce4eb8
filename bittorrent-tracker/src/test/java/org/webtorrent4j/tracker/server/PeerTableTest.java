package org.webtorrent4j.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PeerTableTest {
    static byte[] address(int i) {
        return new byte[] {10, 0, (byte) (i >> 8), (byte) i, 0x1a, (byte) i};
    }

    static Set<Integer> sample(PeerTable<AddressKey, Swarm.IpPeer> t, int n, int start, Swarm.IpPeer exclude) {
        ByteBuffer out = ByteBuffer.allocate(6 * (n + 1));
        int written = t.sampleCompact(n, start, exclude, out);
        assertEquals(written * 6, out.position());
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < written; i++) {
            int id = (out.get(i * 6 + 2) & 0xff) << 8 | (out.get(i * 6 + 3) & 0xff);
            assertTrue(ids.add(id), "peer handed out twice");
        }
        return ids;
    }

    @Test
    void compactSamplesAreDistinctExcludeSelfAndSurviveRemovals() {
        for (int size = 0; size < 8; size++) {
            PeerTable<AddressKey, Swarm.IpPeer> t = new PeerTable<>(6);
            List<Swarm.IpPeer> peers = new ArrayList<>();
            for (int i = 0; i < size + 3; i++) {
                byte[] a = address(i);
                Swarm.IpPeer p = new Swarm.IpPeer(new AddressKey(a));
                t.add(p, a);
                peers.add(p);
            }
            for (int i = 0; i < 3; i++) { // removals move the last peer's address into the hole
                t.remove(peers.remove(Math.min(i, peers.size() - 1)));
            }
            Set<Integer> present = new HashSet<>();
            peers.forEach(p -> present.add((p.key.compact[2] & 0xff) << 8 | (p.key.compact[3] & 0xff)));
            for (int ex = -1; ex < size; ex++) {
                Swarm.IpPeer exclude = ex < 0 ? null : peers.get(ex);
                for (int start = 0; start <= size; start++) {
                    for (int n = 0; n <= size + 1; n++) {
                        Set<Integer> got = sample(t, n, start, exclude);
                        int available = exclude == null ? size : size - 1;
                        assertEquals(Math.min(n, available), got.size());
                        assertTrue(present.containsAll(got));
                        if (exclude != null) {
                            assertTrue(!got.contains((exclude.key.compact[2] & 0xff) << 8 | (exclude.key.compact[3] & 0xff)));
                        }
                    }
                }
            }
        }
    }
}

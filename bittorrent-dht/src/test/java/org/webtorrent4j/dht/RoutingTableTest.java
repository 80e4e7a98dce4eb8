package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Random random = new Random(42);
    private final NodeId self = NodeId.random(random);
    private final RoutingTable table = new RoutingTable(self, 8, 2, now::get);
    private int port = 1000;

    private NodeInfo node(NodeId id) {
        return new NodeInfo(id, new InetSocketAddress("127.0.0.1", port++));
    }

    /** A node in the bucket of nodes sharing exactly {@code prefix} bits with us. */
    private NodeInfo nodeAtPrefix(int prefix) {
        return node(self.randomWithCommonPrefix(prefix, random));
    }

    @Test
    void addsUpToKFarNodesThenCachesTheRest() {
        for (int i = 0; i < 8; i++) {
            assertEquals(RoutingTable.Outcome.ADDED, table.recordResponse(nodeAtPrefix(0)));
        }
        // The first bucket splits once (it held our id too); far nodes stay in bucket 0.
        assertEquals(RoutingTable.Outcome.CACHED, table.recordResponse(nodeAtPrefix(0)));
        assertEquals(8, table.size());
        assertEquals(2, table.bucketCount());
    }

    @Test
    void splitsOnlyTheBucketHoldingOurOwnId() {
        for (int prefix = 0; prefix < 20; prefix++) {
            for (int i = 0; i < 8; i++) {
                table.recordResponse(nodeAtPrefix(prefix));
            }
        }
        assertEquals(160, table.size());
        assertTrue(table.bucketCount() >= 20);
        // Bucket 3 is full and no longer splittable: a ninth node there is only cached.
        assertEquals(RoutingTable.Outcome.CACHED, table.recordResponse(nodeAtPrefix(3)));
        assertEquals(160, table.size());
    }

    @Test
    void rejectsOurOwnIdAndAddressConflicts() {
        assertEquals(RoutingTable.Outcome.REJECTED, table.recordResponse(node(self)));
        NodeInfo a = nodeAtPrefix(0);
        table.recordResponse(a);
        assertEquals(RoutingTable.Outcome.REJECTED, table.recordResponse(new NodeInfo(a.id(), new InetSocketAddress("127.0.0.2", 1))));
        assertEquals(RoutingTable.Outcome.REJECTED, table.recordResponse(new NodeInfo(NodeId.random(random), a.address())));
        assertEquals(RoutingTable.Outcome.UPDATED, table.recordResponse(a));
    }

    @Test
    void nodesAgeFromGoodToQuestionableAndQueriesKeepThemGood() {
        NodeInfo a = nodeAtPrefix(0);
        NodeInfo b = nodeAtPrefix(0);
        table.recordResponse(a);
        table.recordResponse(b);
        assertEquals(RoutingTable.State.GOOD, table.stateOf(a.id()));
        now.addAndGet(RoutingTable.GOOD_WINDOW_MILLIS - 1000);
        table.recordQuery(b);
        now.addAndGet(2000);
        assertEquals(RoutingTable.State.QUESTIONABLE, table.stateOf(a.id()));
        assertEquals(RoutingTable.State.GOOD, table.stateOf(b.id()));
        assertEquals(List.of(a), table.questionable(10));
    }

    @Test
    void unresponsiveNodesBecomeBadAndAreReplacedFromTheCache() {
        List<NodeInfo> full = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            full.add(nodeAtPrefix(0));
            table.recordResponse(full.get(i));
        }
        NodeInfo waiting = nodeAtPrefix(0);
        assertEquals(RoutingTable.Outcome.CACHED, table.recordResponse(waiting));
        NodeInfo victim = full.get(3);
        table.recordTimeout(victim.id());
        assertEquals(RoutingTable.State.GOOD, table.stateOf(victim.id()));
        table.recordTimeout(victim.id());
        assertNull(table.stateOf(victim.id()));
        assertEquals(RoutingTable.State.GOOD, table.stateOf(waiting.id()));
        assertEquals(8, table.size());
    }

    @Test
    void aBadNodeWithoutReplacementIsSkippedAndLaterOverwritten() {
        List<NodeInfo> full = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            full.add(nodeAtPrefix(0));
            table.recordResponse(full.get(i));
        }
        NodeInfo victim = full.get(0);
        table.recordTimeout(victim.id());
        table.recordTimeout(victim.id());
        assertEquals(RoutingTable.State.BAD, table.stateOf(victim.id()));
        assertFalse(table.closest(victim.id(), 8).contains(victim));
        NodeInfo newcomer = nodeAtPrefix(0);
        assertTrue(table.hasRoomFor(newcomer.id()));
        assertEquals(RoutingTable.Outcome.ADDED, table.recordResponse(newcomer));
        assertNull(table.stateOf(victim.id()));
    }

    @Test
    void closestSortsByXorDistance() {
        List<NodeInfo> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            NodeInfo n = node(NodeId.random(random));
            if (table.recordResponse(n) != RoutingTable.Outcome.CACHED) {
                all.add(n);
            }
        }
        NodeId target = NodeId.random(random);
        List<NodeInfo> expected = new ArrayList<>(table.nodes());
        expected.sort(Comparator.comparing(NodeInfo::id, target::compareDistance));
        assertEquals(expected.subList(0, 8), table.closest(target, 8));
    }

    @Test
    void staleBucketsAreRefreshedWithATargetInTheirRange() {
        for (int i = 0; i < 9; i++) {
            table.recordResponse(nodeAtPrefix(i % 2));
        }
        assertTrue(table.refreshTargets(RoutingTable.GOOD_WINDOW_MILLIS, random).isEmpty());
        now.addAndGet(RoutingTable.GOOD_WINDOW_MILLIS);
        List<NodeId> targets = table.refreshTargets(RoutingTable.GOOD_WINDOW_MILLIS, random);
        assertEquals(table.bucketCount(), targets.size());
        for (int i = 0; i < targets.size(); i++) {
            assertEquals(i, self.commonPrefixLength(targets.get(i)));
        }
        assertTrue(table.refreshTargets(RoutingTable.GOOD_WINDOW_MILLIS, random).isEmpty());
    }
}

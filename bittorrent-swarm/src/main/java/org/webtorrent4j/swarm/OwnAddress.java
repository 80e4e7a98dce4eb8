package org.webtorrent4j.swarm;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Our address as a peer sees it, which BEP 40 priorities need: both ends must hash the same two
 * addresses. A listener bound to the wildcard address does not know it, so peers tell us (BEP 10
 * {@code yourip}) and the address most of them name is taken. Peers on a private network see
 * another address of ours than public peers do, and each address family has its own, so each of
 * these four kinds of peer is counted apart; loopback peers see a loopback address. Confined to
 * the swarm's event loop.
 */
final class OwnAddress {
    /** Peers whose word is kept per kind, the eldest forgotten first. */
    static final int MAX_VOTERS = 1_000;

    static final InetAddress LOOPBACK_V4 = Hosts.address(new byte[] {127, 0, 0, 1});
    static final InetAddress LOOPBACK_V6 = Hosts.address(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    private final InetSocketAddress bound;
    private final Votes[] votes = {new Votes(), new Votes(), new Votes(), new Votes()};

    /** @param bound the listening address, maybe the wildcard one */
    OwnAddress(InetSocketAddress bound) {
        this.bound = bound;
    }

    /** Where {@code peer} sees us, or null while that is unknown. */
    InetSocketAddress toward(InetAddress peer) {
        InetAddress own;
        if (peer.isLoopbackAddress()) {
            own = bound.getAddress().isLoopbackAddress() && sameFamily(bound.getAddress(), peer) ? bound.getAddress() : loopback(peer);
        } else {
            own = votes[kind(peer)].leader;
            if (own == null && sameFamily(bound.getAddress(), peer) && !bound.getAddress().isAnyLocalAddress()) {
                own = bound.getAddress();
            }
        }
        return own == null ? null : new InetSocketAddress(own, bound.getPort());
    }

    /**
     * A peer said it sees us at {@code ours}. Returns true when that changed where some peers
     * see us. Loopback peers, and addresses of the other family, tell nothing.
     */
    boolean named(InetAddress peer, InetAddress ours) {
        if (peer.isLoopbackAddress() || !sameFamily(peer, ours) || ours.isAnyLocalAddress() || ours.isMulticastAddress()) {
            return false;
        }
        return votes[kind(peer)].vote(Hosts.of(peer), ours);
    }

    private static InetAddress loopback(InetAddress peer) {
        return peer instanceof Inet6Address ? LOOPBACK_V6 : LOOPBACK_V4;
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return (a instanceof Inet4Address) == (b instanceof Inet4Address);
    }

    /** Family and reach: 0 public IPv4, 1 private IPv4, 2 public IPv6, 3 private IPv6. */
    private static int kind(InetAddress peer) {
        return (peer instanceof Inet6Address ? 2 : 0) + (isPrivate(peer) ? 1 : 0);
    }

    /** Site- or link-local, IPv6 unique-local (fc00::/7) included, which Java does not count. */
    private static boolean isPrivate(InetAddress a) {
        return a.isSiteLocalAddress() || a.isLinkLocalAddress()
                || (a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc);
    }

    /** One vote per peer host (an IPv6 /64), its latest; the leader changes only for more votes. */
    private static final class Votes {
        final Map<InetAddress, InetAddress> byVoter = new LinkedHashMap<>();
        final Map<InetAddress, Integer> counts = new HashMap<>();
        InetAddress leader;

        boolean vote(InetAddress voter, InetAddress named) {
            InetAddress before = byVoter.remove(voter);
            if (before != null) {
                uncount(before);
            }
            byVoter.put(voter, named);
            counts.merge(named, 1, Integer::sum);
            if (byVoter.size() > MAX_VOTERS) {
                var eldest = byVoter.entrySet().iterator();
                uncount(eldest.next().getValue());
                eldest.remove();
            }
            InetAddress best = leader != null && counts.containsKey(leader) ? leader : null;
            for (Map.Entry<InetAddress, Integer> e : counts.entrySet()) {
                if (best == null || e.getValue() > counts.get(best)) {
                    best = e.getKey();
                }
            }
            boolean changed = !best.equals(leader);
            leader = best;
            return changed;
        }

        private void uncount(InetAddress named) {
            counts.computeIfPresent(named, (k, n) -> n == 1 ? null : n - 1);
        }
    }
}

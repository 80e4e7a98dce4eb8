package org.webtorrent4j.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.webtorrent4j.dht.krpc.KrpcQuery;
import org.webtorrent4j.dht.krpc.KrpcResponse;

/**
 * One iterative Kademlia lookup, confined to the node's event loop. Candidates are kept sorted by
 * distance to the target; at most {@code alpha} queries are in flight; the lookup ends when the
 * {@code k} closest candidates that have not failed have all answered (or nothing is left to ask).
 */
final class Lookup {
    enum Kind { FIND_NODE, GET_PEERS, GET_ITEM }

    /** SLOW: asked, past its adaptive timeout, still awaited until the hard timeout but no longer holding a slot. */
    private enum State { NEW, PENDING, SLOW, RESPONDED, FAILED }

    /** A node met during the lookup. */
    static final class Candidate {
        final NodeInfo node;
        final int depth;
        State state = State.NEW;
        KrpcResponse response;

        Candidate(NodeInfo node, int depth) {
            this.node = node;
            this.depth = depth;
        }
    }

    /**
     * Sends a query to a node; the future completes with its response or fails at the hard timeout.
     * {@code onSlow} runs once if no answer came within the adaptive timeout.
     */
    interface Sender {
        CompletableFuture<KrpcResponse> send(InetSocketAddress to, NodeId expectedId, KrpcQuery.Method method, Runnable onSlow);
    }

    private final Kind kind;
    private final NodeId target;
    private final NodeId self;
    private final int k;
    private final int alpha;
    private final int maxCandidates;
    private final int maxPeers;
    private final boolean ipv6;
    private final Sender sender;
    private final PeerListener listener;
    /** Stops the lookup early when it returns true for a response (e.g. a verified BEP 44 item). */
    private final Function<KrpcResponse, Boolean> stopWhen;
    private final TreeMap<NodeId, Candidate> candidates;
    private final Set<InetSocketAddress> asked = new HashSet<>();
    private final Set<InetSocketAddress> peers = new LinkedHashSet<>();
    private final CompletableFuture<Lookup> done = new CompletableFuture<>();
    private int inFlight;
    private int slow;
    private int queries;
    private boolean finished;

    Lookup(Kind kind, NodeId target, NodeId self, int k, int alpha, int maxCandidates, int maxPeers, boolean ipv6,
           Sender sender, PeerListener listener, Function<KrpcResponse, Boolean> stopWhen) {
        this.kind = kind;
        this.target = target;
        this.self = self;
        this.k = k;
        this.alpha = alpha;
        this.maxCandidates = maxCandidates;
        this.maxPeers = maxPeers;
        this.ipv6 = ipv6;
        this.sender = sender;
        this.listener = listener;
        this.stopWhen = stopWhen;
        this.candidates = new TreeMap<>(target::compareDistance);
    }

    /** Starts from known nodes and from addresses whose ids we do not know yet (bootstrap). */
    CompletableFuture<Lookup> start(List<NodeInfo> seeds, List<InetSocketAddress> unknownSeeds) {
        seeds.forEach(n -> addCandidate(n, 1));
        for (InetSocketAddress address : unknownSeeds) {
            if (asked.add(address)) {
                query(address, null, null);
            }
        }
        pump();
        return done;
    }

    private void addCandidate(NodeInfo node, int depth) {
        if (node.id().equals(self) || candidates.containsKey(node.id()) || asked.contains(node.address())
                || node.address().getPort() == 0) {
            return;
        }
        candidates.put(node.id(), new Candidate(node, depth));
        if (candidates.size() > maxCandidates) {
            // Forget the farthest candidate that is not waiting on an answer.
            Iterator<Candidate> it = candidates.descendingMap().values().iterator();
            while (it.hasNext()) {
                if (it.next().state != State.PENDING) {
                    it.remove();
                    break;
                }
            }
        }
    }

    private KrpcQuery.Method method() {
        return switch (kind) {
            case FIND_NODE -> new KrpcQuery.FindNode(target, Set.of());
            case GET_PEERS -> new KrpcQuery.GetPeers(target, Set.of());
            case GET_ITEM -> new KrpcQuery.GetItem(target, null, Set.of());
        };
    }

    private void query(InetSocketAddress address, NodeId id, Candidate candidate) {
        inFlight++;
        queries++;
        asked.add(address);
        if (candidate != null) {
            candidate.state = State.PENDING;
        }
        boolean[] wasSlow = {false};
        Runnable onSlow = () -> {
            // Stop holding a slot for a slow node: the next candidate is asked in its place.
            if (!finished) {
                wasSlow[0] = true;
                inFlight--;
                slow++;
                if (candidate != null) {
                    candidate.state = State.SLOW;
                }
                pump();
            }
        };
        sender.send(address, id, method(), onSlow).whenComplete((response, error) -> {
            if (wasSlow[0]) {
                slow--;
            } else {
                inFlight--;
            }
            if (finished) {
                return;
            }
            if (error != null) {
                if (candidate != null) {
                    candidate.state = State.FAILED;
                }
            } else {
                onResponse(response, address, candidate);
            }
            pump();
        });
    }

    private void onResponse(KrpcResponse r, InetSocketAddress from, Candidate candidate) {
        Candidate c = candidate;
        if (c == null) {
            // A bootstrap address answered: it joins the candidates with its real id.
            if (r.sender().equals(self)) {
                return;
            }
            c = candidates.get(r.sender());
            if (c == null) {
                c = new Candidate(new NodeInfo(r.sender(), from), 0);
                candidates.put(r.sender(), c);
            }
        }
        c.state = State.RESPONDED;
        c.response = r;
        for (NodeInfo n : ipv6 ? r.nodes6() : r.nodes()) {
            addCandidate(n, c.depth + 1);
        }
        if (kind == Kind.GET_PEERS) {
            for (InetSocketAddress p : r.values()) {
                if (peers.size() < maxPeers && peers.add(p) && listener != null) {
                    listener.onPeer(p);
                }
            }
        }
        if (stopWhen != null && stopWhen.apply(r)) {
            finish();
        }
    }

    private void pump() {
        if (finished) {
            return;
        }
        int considered = 0;
        for (Candidate c : candidates.values()) {
            if (c.state == State.FAILED || c.state == State.SLOW) {
                continue;
            }
            if (considered++ >= k) {
                break;
            }
            if (c.state == State.NEW && inFlight < alpha) {
                query(c.node.address(), c.node.id(), c);
            }
        }
        if (inFlight == 0 && slow == 0) {
            finish();
        }
    }

    private void finish() {
        if (!finished) {
            finished = true;
            done.complete(this);
        }
    }

    /** The k closest candidates that answered, closest first, with their responses. */
    List<Candidate> closestResponded() {
        List<Candidate> out = new ArrayList<>(k);
        for (Map.Entry<NodeId, Candidate> e : candidates.entrySet()) {
            if (e.getValue().state == State.RESPONDED) {
                out.add(e.getValue());
                if (out.size() == k) {
                    break;
                }
            }
        }
        return out;
    }

    /** Every candidate that answered, closest first. */
    List<Candidate> closestRespondedAll() {
        return candidates.values().stream().filter(c -> c.state == State.RESPONDED).toList();
    }

    LookupResult result() {
        List<Candidate> closest = closestResponded();
        int hops = closest.isEmpty() ? 0 : closest.get(0).depth;
        return new LookupResult(target, List.copyOf(peers), closest.stream().map(c -> c.node).toList(), queries, hops);
    }
}

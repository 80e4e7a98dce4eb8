package org.webtorrent4j.dht.krpc;

import java.util.Objects;
import java.util.Set;
import org.webtorrent4j.dht.NodeId;

/**
 * A query: who asks ({@code sender}), whether the asker is read-only (BEP 43 {@code ro}), and the
 * typed arguments of the method.
 */
public record KrpcQuery(byte[] transactionId, NodeId sender, boolean readOnly, Method method) implements KrpcMessage {
    public KrpcQuery {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(method, "method");
    }

    /** The arguments of one query method. */
    public sealed interface Method permits Ping, FindNode, GetPeers, AnnouncePeer, GetItem, PutItem, Unknown {
        String name();
    }

    public record Ping() implements Method {
        public String name() { return "ping"; }
    }

    /** @param want BEP 32 address families wanted ("n4", "n6"); empty means the sender's own family */
    public record FindNode(NodeId target, Set<String> want) implements Method {
        public String name() { return "find_node"; }
    }

    public record GetPeers(NodeId infoHash, Set<String> want) implements Method {
        public String name() { return "get_peers"; }
    }

    /** @param impliedPort when true the receiver uses the packet's source port instead of {@code port} */
    public record AnnouncePeer(NodeId infoHash, int port, boolean impliedPort, byte[] token) implements Method {
        public String name() { return "announce_peer"; }
    }

    /** BEP 44 get; {@code seq} (nullable) asks to omit the value unless the stored one is newer. */
    public record GetItem(NodeId target, Long seq, Set<String> want) implements Method {
        public String name() { return "get"; }
    }

    /**
     * BEP 44 put. Immutable when {@code key} is null; otherwise {@code signature} and {@code seq} are
     * set, {@code salt} and {@code cas} may be.
     */
    public record PutItem(byte[] token, Object value, byte[] key, byte[] signature, Long seq, byte[] salt, Long cas)
            implements Method {
        public String name() { return "put"; }

        public boolean mutable() {
            return key != null;
        }
    }

    /** A method this node does not implement: answered with error 204. */
    public record Unknown(String name) implements Method {}
}

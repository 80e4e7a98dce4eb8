package org.webtorrent4j.dht.krpc;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.webtorrent4j.dht.NodeId;
import org.webtorrent4j.dht.NodeInfo;

/**
 * A response. KRPC responses do not name their method, so this record carries every field any
 * method may return; absent fields are null (lists are empty).
 *
 * @param externalAddress the requester's address as the responder saw it (BEP 42 {@code ip}), or null
 * @param nodes   IPv4 contacts ({@code nodes})
 * @param nodes6  IPv6 contacts ({@code nodes6}, BEP 32)
 * @param values  peers ({@code values} of get_peers)
 * @param token   write token for announce_peer / put
 * @param value   BEP 44 item value {@code v}
 * @param key     BEP 44 public key {@code k}
 * @param signature BEP 44 signature {@code sig}
 * @param seq     BEP 44 sequence number
 */
public record KrpcResponse(byte[] transactionId, NodeId sender, InetSocketAddress externalAddress,
                           List<NodeInfo> nodes, List<NodeInfo> nodes6, List<InetSocketAddress> values,
                           byte[] token, Object value, byte[] key, byte[] signature, Long seq) implements KrpcMessage {
    public KrpcResponse {
        Objects.requireNonNull(transactionId, "transactionId");
        Objects.requireNonNull(sender, "sender");
        nodes = List.copyOf(nodes);
        nodes6 = List.copyOf(nodes6);
        values = List.copyOf(values);
    }

    /** A response that carries only the responder's id (ping, announce_peer, put). */
    public static KrpcResponse of(byte[] transactionId, NodeId sender) {
        return new KrpcResponse(transactionId, sender, null, List.of(), List.of(), List.of(), null, null, null, null, null);
    }

    public KrpcResponse withExternalAddress(InetSocketAddress address) {
        return new KrpcResponse(transactionId, sender, address, nodes, nodes6, values, token, value, key, signature, seq);
    }

    public KrpcResponse withNodes(List<NodeInfo> v4, List<NodeInfo> v6) {
        return new KrpcResponse(transactionId, sender, externalAddress, v4, v6, values, token, value, key, signature, seq);
    }

    public KrpcResponse withValues(List<InetSocketAddress> peers) {
        return new KrpcResponse(transactionId, sender, externalAddress, nodes, nodes6, peers, token, value, key, signature, seq);
    }

    public KrpcResponse withToken(byte[] writeToken) {
        return new KrpcResponse(transactionId, sender, externalAddress, nodes, nodes6, values, writeToken, value, key, signature, seq);
    }

    public KrpcResponse withItem(Object v, byte[] k, byte[] sig, Long sequence) {
        return new KrpcResponse(transactionId, sender, externalAddress, nodes, nodes6, values, token, v, k, sig, sequence);
    }
}

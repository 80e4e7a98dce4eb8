package org.webtorrent4j.dht.krpc;

/** One KRPC message (BEP 5): a query, a response or an error, tied together by a transaction id. */
public sealed interface KrpcMessage permits KrpcQuery, KrpcResponse, KrpcError {
    byte[] transactionId();
}

package org.webtorrent4j.dht.krpc;

/**
 * A KRPC packet that is not a valid message. When the packet carried a transaction id, it is kept
 * so that a query can still be answered with error 203 (protocol error).
 */
public final class KrpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] transactionId;

    public KrpcException(String message, byte[] transactionId) {
        super(message);
        this.transactionId = transactionId;
    }

    /** The transaction id of the malformed message, or null when it had none. */
    public byte[] transactionId() {
        return transactionId;
    }
}

package org.webtorrent4j.dht.krpc;

/** An error reply; the message is kept as ISO-8859-1 so any bytes round-trip (BEP 5 codes 201 generic, 202 server, 203 protocol, 204 method unknown; BEP 44 adds 205, 206, 207, 301, 302). */
public record KrpcError(byte[] transactionId, int code, String message) implements KrpcMessage {
    public static final int GENERIC = 201;
    public static final int SERVER = 202;
    public static final int PROTOCOL = 203;
    public static final int METHOD_UNKNOWN = 204;
    public static final int MESSAGE_TOO_BIG = 205;
    public static final int INVALID_SIGNATURE = 206;
    public static final int SALT_TOO_BIG = 207;
    public static final int CAS_MISMATCH = 301;
    public static final int SEQUENCE_TOO_LOW = 302;
}

package org.webtorrent4j.simplepeer;

/**
 * The events of one {@link Peer}, named after simple-peer's: {@code signal}, {@code connect},
 * {@code data}, {@code close}, {@code error}. All of a peer's events arrive in order on its
 * engine's event loop thread: keep handlers short and never block in them (a slow
 * {@code onData} delays every peer of the engine).
 */
public interface PeerListener {

    /** A signalling message for the other peer; deliver it to the other side's {@code signal}. */
    default void onSignal(Signal signal) {}

    /** The data channel is open: {@code send} now moves bytes. */
    default void onConnect() {}

    /**
     * Bytes from the other peer, in order. The array is the listener's to keep. The stream is
     * cut into messages of at most the sender's chunk size; only the concatenation has meaning.
     */
    default void onData(byte[] data) {}

    /** The peer is closed, by either side or after an error; it is the last event. */
    default void onClose() {}

    /** The peer failed; {@link #onClose()} follows. */
    default void onError(PeerException error) {}
}

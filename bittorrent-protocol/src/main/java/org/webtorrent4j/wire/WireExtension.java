package org.webtorrent4j.wire;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * A BEP 10 extension running on a {@link Wire}, installed with {@link Wire#use}. It names itself in
 * our extended handshake, receives the messages the peer sends under that name and sends its own
 * through its {@link ExtensionContext}. All calls happen on the wire's thread.
 */
public interface WireExtension {
    /** The name in the {@code m} dictionary, e.g. {@code ut_metadata}. */
    String name();

    /** Called once by {@link Wire#use}, before anything else. */
    default void onAttach(ExtensionContext context) {}

    /** Adds this extension's fields (e.g. {@code metadata_size}) to our extended handshake. */
    default void addHandshakeFields(Map<String, Object> handshake) {}

    /** The peer's extended handshake arrived (again, if it updates it). */
    default void onExtendedHandshake(ExtendedHandshake handshake) {}

    /**
     * A message for this extension. Ownership: {@code payload} is only valid during the call and
     * the wire releases it afterwards; retain it (or a slice) to keep it. Throw
     * {@link WireProtocolException} (or a bencode exception) to close the connection.
     */
    void onMessage(ByteBuf payload);

    /** The wire's clock advanced ({@link Wire#tick}). */
    default void onTick(long nowNanos) {}

    /** The wire closed. */
    default void onClose(CloseReason reason) {}
}

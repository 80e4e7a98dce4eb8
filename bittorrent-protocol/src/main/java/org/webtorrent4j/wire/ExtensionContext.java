package org.webtorrent4j.wire;

import io.netty.buffer.ByteBuf;

/** What a {@link WireExtension} may do on its wire. */
public interface ExtensionContext {
    /** The wire the extension runs on. */
    Wire wire();

    /** True once the peer's extended handshake announced this extension with a non-zero id. */
    boolean peerSupports();

    /**
     * Sends one message of this extension. Takes ownership of {@code payload}.
     *
     * @throws IllegalStateException if the peer does not support the extension (payload released)
     */
    void send(ByteBuf payload);

    /** Sends one message of this extension from bytes. */
    void send(byte[] payload);

    /** Closes the connection because the peer misbehaved in this extension. */
    void misbehaved(String why);
}

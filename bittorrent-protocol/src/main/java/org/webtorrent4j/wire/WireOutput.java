package org.webtorrent4j.wire;

import io.netty.buffer.ByteBufAllocator;

/**
 * Where a {@link Wire} puts its outgoing bytes: a channel, a data channel, or memory in tests.
 * Ownership: {@link #write} takes ownership of the buffer and must release it (directly or by
 * passing it on to something that will).
 */
public interface WireOutput {
    /** Allocator for outgoing messages. */
    ByteBufAllocator alloc();

    /** Queues bytes; takes ownership of {@code message}. */
    void write(io.netty.buffer.ByteBuf message);

    /** Sends everything queued. */
    void flush();

    /** Closes the transport; called once when the wire closes. */
    void close();

    /** False while the transport's outgoing buffer is full: stop producing until it drains. */
    default boolean isWritable() {
        return true;
    }
}

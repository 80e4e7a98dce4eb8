package org.webtorrent4j.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A {@link WireOutput} that keeps flushed bytes in memory: for tests, and to connect two wires
 * without a transport ({@link #deliverTo}). Owns the buffers it holds until they are taken.
 */
public final class MemoryWireOutput implements WireOutput {
    private final ByteBufAllocator alloc;
    private final Deque<ByteBuf> pending = new ArrayDeque<>();
    private final Deque<ByteBuf> flushed = new ArrayDeque<>();
    private boolean closed;
    private boolean writable = true;
    private int flushes;

    public MemoryWireOutput() {
        this(ByteBufAllocator.DEFAULT);
    }

    public MemoryWireOutput(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    @Override
    public ByteBufAllocator alloc() {
        return alloc;
    }

    @Override
    public void write(ByteBuf message) {
        if (closed) {
            message.release();
            return;
        }
        pending.add(message);
    }

    @Override
    public void flush() {
        flushes++;
        flushed.addAll(pending);
        pending.clear();
    }

    @Override
    public void close() {
        closed = true;
        pending.forEach(ByteBuf::release);
        pending.clear();
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    public void setWritable(boolean writable) {
        this.writable = writable;
    }

    public boolean isClosed() {
        return closed;
    }

    /** How many times the wire flushed. */
    public int flushCount() {
        return flushes;
    }

    /** Everything flushed so far as one buffer, which the caller owns; empties the output. */
    public ByteBuf take() {
        ByteBuf all = Unpooled.buffer();
        ByteBuf b;
        while ((b = flushed.poll()) != null) {
            all.writeBytes(b);
            b.release();
        }
        return all;
    }

    /** Everything flushed so far as bytes; empties the output. */
    public byte[] takeBytes() {
        ByteBuf all = take();
        try {
            byte[] bytes = new byte[all.readableBytes()];
            all.readBytes(bytes);
            return bytes;
        } finally {
            all.release();
        }
    }

    /** Feeds every flushed buffer, one by one, to {@code peer}; returns false if there was none. */
    public boolean deliverTo(Wire peer) {
        boolean any = false;
        ByteBuf b;
        while ((b = flushed.poll()) != null) {
            any = true;
            peer.receive(b);
        }
        return any;
    }

    /** Releases everything still held. */
    public void releaseAll() {
        pending.forEach(ByteBuf::release);
        pending.clear();
        flushed.forEach(ByteBuf::release);
        flushed.clear();
    }
}

package org.webtorrent4j.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.webtorrent4j.client.storage.Storage;

/**
 * Reads for uploads, a window of up to 1 MiB of a piece at a time, kept for the requests that
 * follow: a peer asks for a piece's blocks one after another, so one read (and one trip to the
 * disk pool) serves up to 64 of them, and files written past the page cache are read in large
 * runs. Blocks are handed out as slices of the window, which stays alive until the last one is
 * sent.
 *
 * <p>At most a few windows are kept, and none that went unused for a while; their memory is
 * reused for the next windows when no slice of it is still being sent. At most
 * {@link #MAX_READS} reads run at once: a block that would need another one waits
 * ({@link #mustWait}), so that requests for many pieces cannot make the seeder allocate a window
 * for each. Confined to the torrent's executor; the reads run on the disk pool.
 */
final class UploadReads {
    static final int WINDOW = 1 << 20;
    /** Windows kept per torrent: enough for a few peers reading different pieces. */
    static final int MAX_WINDOWS = 8;
    /** A window unused this long is dropped (checked by {@link #dropIdle}). */
    static final long IDLE_NANOS = 2_000_000_000L;
    /** Reads running at once, each filling a window (or a block across two) of its own. */
    static final int MAX_READS = 4;

    private final Storage storage;
    private final Executor disk;
    private final Executor executor;
    private final Consumer<Throwable> onError;
    private final Runnable onReadEnd;
    /** Blocks across two windows being read on their own. */
    private int readingAlone;
    /** In order of use, least recent first. */
    private final LinkedHashMap<Long, Window> windows = new LinkedHashMap<>(16, 0.75f, true);
    /** Windows being read, with what waits for each. */
    private final Map<Long, List<Consumer<ByteBuf>>> reading = new HashMap<>();
    /** Buffers of dropped windows that nothing else holds, for the next reads. */
    private final ArrayDeque<ByteBuf> spare = new ArrayDeque<>();
    private final int windowCapacity;
    private boolean closed;

    private static final class Window {
        final ByteBuf bytes;
        long lastUse;

        Window(ByteBuf bytes, long now) {
            this.bytes = bytes;
            this.lastUse = now;
        }
    }

    /**
     * @param executor the torrent's executor, where callbacks run
     * @param onError   told when a read fails (the waiting requests are dropped)
     * @param onReadEnd told, on the executor, when a read ended: blocks that had to wait may go on
     */
    UploadReads(Storage storage, Executor disk, Executor executor, Consumer<Throwable> onError, Runnable onReadEnd) {
        this.storage = storage;
        this.disk = disk;
        this.executor = executor;
        this.onError = onError;
        this.onReadEnd = onReadEnd;
        this.windowCapacity = Math.min(WINDOW, storage.layout().pieceLength());
    }

    /**
     * True when the block would need a read while {@link #MAX_READS} are running: {@link #read}
     * it once {@code onReadEnd} says one ended.
     */
    boolean mustWait(int piece, int begin, int length) {
        if (reading.size() + readingAlone < MAX_READS) {
            return false;
        }
        long key = keyOf(piece, begin);
        return acrossWindows(piece, begin, length) || !(windows.containsKey(key) || reading.containsKey(key));
    }

    /**
     * Hands {@code send} the block's bytes, as a buffer it then owns: at once when its window is
     * kept, else on the torrent's executor once the window is read.
     */
    void read(int piece, int begin, int length, Consumer<ByteBuf> send) {
        if (acrossWindows(piece, begin, length)) {
            readAlone(piece, begin, length, send); // unusual, not worth keeping
            return;
        }
        int start = begin / WINDOW * WINDOW;
        int end = Math.min(start + WINDOW, storage.layout().pieceSize(piece));
        long key = keyOf(piece, begin);
        Window window = windows.get(key);
        if (window != null) {
            window.lastUse = System.nanoTime();
            send.accept(window.bytes.retainedSlice(begin - start, length));
            return;
        }
        List<Consumer<ByteBuf>> waiting = reading.get(key);
        if (waiting == null) {
            waiting = new ArrayList<>();
            reading.put(key, waiting);
            readWindow(key, piece, start, end - start);
        }
        waiting.add(bytes -> send.accept(bytes.retainedSlice(begin - start, length)));
    }

    private boolean acrossWindows(int piece, int begin, int length) {
        int start = begin / WINDOW * WINDOW;
        return begin + length > Math.min(start + WINDOW, storage.layout().pieceSize(piece));
    }

    private static long keyOf(int piece, int begin) {
        return ((long) piece << 32) | (begin / WINDOW);
    }

    /** Drops the windows no request used for a while: an idle torrent keeps no memory. */
    void dropIdle(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            if (now - w.lastUse >= IDLE_NANOS) {
                w.bytes.release();
                it.remove();
            }
        }
        if (windows.isEmpty()) {
            spare.forEach(ByteBuf::release);
            spare.clear();
        }
    }

    /** Drops every window; reads still running are dropped when they end. */
    void close() {
        closed = true;
        windows.values().forEach(w -> w.bytes.release());
        windows.clear();
        spare.forEach(ByteBuf::release);
        spare.clear();
        reading.clear();
    }

    private void readWindow(long key, int piece, int start, int length) {
        ByteBuf reused = spare.poll();
        ByteBuf target = reused != null ? reused : ByteBufAllocator.DEFAULT.directBuffer(windowCapacity);
        readOnDisk(target, piece, start, length, bytes -> {
            List<Consumer<ByteBuf>> waiting = reading.remove(key);
            if (closed || waiting == null) {
                bytes.release();
                return;
            }
            windows.put(key, new Window(bytes, System.nanoTime()));
            if (windows.size() > MAX_WINDOWS) {
                Iterator<Window> eldest = windows.values().iterator();
                ByteBuf dropped = eldest.next().bytes;
                eldest.remove();
                if (dropped.refCnt() == 1 && spare.size() < MAX_WINDOWS) {
                    spare.push(dropped.clear()); // no slice of it is on its way: reuse it
                } else {
                    dropped.release();
                }
            }
            waiting.forEach(w -> w.accept(bytes));
        }, () -> reading.remove(key));
    }

    private void readAlone(int piece, int begin, int length, Consumer<ByteBuf> send) {
        readingAlone++;
        readOnDisk(ByteBufAllocator.DEFAULT.directBuffer(length), piece, begin, length, bytes -> {
            readingAlone--;
            if (closed) {
                bytes.release();
            } else {
                send.accept(bytes);
            }
        }, () -> readingAlone--);
    }

    /**
     * Reads into {@code bytes} (whose ownership passes) on the disk pool; {@code then} gets them,
     * owning them, on the torrent's executor, and {@code onReadEnd} is told.
     */
    private void readOnDisk(ByteBuf bytes, int piece, int begin, int length, Consumer<ByteBuf> then, Runnable failed) {
        disk.execute(() -> {
            try {
                storage.readVerified(piece, begin, bytes.nioBuffer(0, length));
                bytes.writerIndex(length);
            } catch (IOException | RuntimeException e) {
                bytes.release();
                executor.execute(() -> {
                    failed.run();
                    onError.accept(e);
                });
                return;
            }
            executor.execute(() -> {
                then.accept(bytes);
                if (!closed) {
                    onReadEnd.run();
                }
            });
        });
    }
}

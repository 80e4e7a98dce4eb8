package org.webtorrent4j.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.client.storage.MemoryStorage;
import org.webtorrent4j.client.storage.PieceLayout;
import org.webtorrent4j.client.storage.Storage;

class UploadReadsTest {
    private static final int PIECE = 2 * UploadReads.WINDOW;
    private static final int BLOCK = 16 * 1024;

    /** A storage over known bytes that counts its reads. */
    private static final class CountingStorage implements Storage {
        final MemoryStorage memory;
        final List<String> reads = new ArrayList<>();
        boolean failing;

        CountingStorage(byte[] content) {
            PieceLayout layout = new PieceLayout(new long[] {content.length}, PIECE);
            memory = new MemoryStorage(layout);
            for (int p = 0; p < layout.pieceCount(); p++) {
                memory.write(p, 0, ByteBuffer.wrap(content, p * PIECE, layout.pieceSize(p)));
            }
        }

        @Override public PieceLayout layout() { return memory.layout(); }
        @Override public void write(int piece, int offset, ByteBuffer data) { memory.write(piece, offset, data); }
        @Override public void read(int piece, int offset, ByteBuffer target) {
            throw new AssertionError("uploads read verified pieces only");
        }
        @Override public void readVerified(int piece, int offset, ByteBuffer target) throws IOException {
            if (failing) {
                throw new IOException("disk gone");
            }
            reads.add(piece + "@" + offset + "+" + target.remaining());
            memory.read(piece, offset, target);
        }
        @Override public boolean holdsBytesOf(int piece) { return true; }
        @Override public void flush() {}
        @Override public void close() {}
    }

    private final byte[] content = new byte[10 * PIECE + 12345];
    private final CountingStorage storage;
    /** The disk pool, run by hand: reads happen only when the test says so. */
    private final Queue<Runnable> disk = new ArrayDeque<>();
    private final List<Throwable> errors = new ArrayList<>();
    private int readsEnded;
    private final UploadReads reads;

    UploadReadsTest() {
        new Random(1).nextBytes(content);
        storage = new CountingStorage(content);
        reads = new UploadReads(storage, disk::add, Runnable::run, errors::add, () -> readsEnded++);
    }

    private List<ByteBuf> read(int piece, int begin, int length) {
        List<ByteBuf> got = new ArrayList<>();
        reads.read(piece, begin, length, got::add);
        return got;
    }

    private void runDisk() {
        for (Runnable r; (r = disk.poll()) != null; ) {
            r.run();
        }
    }

    private void assertBlock(int piece, int begin, ByteBuf block) {
        long at = (long) piece * PIECE + begin;
        assertArrayEquals(Arrays.copyOfRange(content, (int) at, (int) at + block.readableBytes()), ByteBufUtil.getBytes(block));
    }

    @Test
    void oneReadServesAWindowsBlocksAsSlices() {
        List<ByteBuf> first = read(3, 0, BLOCK);
        List<ByteBuf> second = read(3, BLOCK, BLOCK);
        assertTrue(first.isEmpty() && second.isEmpty(), "nothing before the read");
        runDisk();
        assertEquals(List.of("3@0+" + UploadReads.WINDOW), storage.reads, "one window read for both");
        List<ByteBuf> third = read(3, 5 * BLOCK, 100); // kept: served at once, no read
        assertEquals(1, storage.reads.size());
        assertBlock(3, 0, first.get(0));
        assertBlock(3, BLOCK, second.get(0));
        assertBlock(3, 5 * BLOCK, third.get(0));
        List<ByteBuf> fourth = read(3, UploadReads.WINDOW, BLOCK); // the piece's second window
        runDisk();
        assertEquals(2, storage.reads.size());
        assertBlock(3, UploadReads.WINDOW, fourth.get(0));
        ByteBuf slice = first.get(0);
        reads.close();
        assertBlock(3, 0, slice); // a slice outlives the window's eviction
        assertFalse(first.get(0).release());
        assertFalse(second.get(0).release());
        assertTrue(third.get(0).release(), "the last slice of a dropped window frees it");
        assertTrue(fourth.get(0).release());
    }

    @Test
    void atMostAFewReadsRunAndABlockThatNeedsAnotherWaits() {
        List<ByteBuf> got = new ArrayList<>();
        for (int piece = 0; piece < UploadReads.MAX_READS; piece++) {
            assertFalse(reads.mustWait(piece, 0, BLOCK));
            reads.read(piece, 0, BLOCK, got::add);
        }
        assertTrue(reads.mustWait(UploadReads.MAX_READS, 0, BLOCK), "another window waits");
        assertTrue(reads.mustWait(0, UploadReads.WINDOW - 10, BLOCK), "a block across windows waits");
        assertFalse(reads.mustWait(0, BLOCK, BLOCK), "a window being read takes more blocks");
        reads.read(0, BLOCK, BLOCK, got::add);
        Runnable first = disk.poll();
        first.run();
        assertEquals(1, readsEnded, "told when a read ends");
        assertFalse(reads.mustWait(UploadReads.MAX_READS, 0, BLOCK));
        assertFalse(reads.mustWait(0, 2 * BLOCK, BLOCK), "a kept window needs no read");
        runDisk();
        assertEquals(UploadReads.MAX_READS + 1, got.size());
        assertEquals(UploadReads.MAX_READS, storage.reads.size());
        got.forEach(ByteBuf::release);
        reads.close();
    }

    @Test
    void blocksAcrossWindowsAndTheShortLastPieceAreReadRight() {
        List<ByteBuf> across = read(1, UploadReads.WINDOW - 10, BLOCK);
        List<ByteBuf> last = read(10, 12345 - 345, 345);
        runDisk();
        assertEquals(List.of("1@" + (UploadReads.WINDOW - 10) + "+" + BLOCK, "10@0+12345"), storage.reads);
        assertBlock(1, UploadReads.WINDOW - 10, across.get(0));
        assertBlock(10, 12345 - 345, last.get(0));
        across.get(0).release();
        last.get(0).release();
        reads.close();
    }

    @Test
    void keepsAFewWindowsAndReusesTheirMemory() {
        List<ByteBuf> windows = new ArrayList<>();
        long firstAddress = 0;
        for (int piece = 0; piece <= UploadReads.MAX_WINDOWS; piece++) {
            List<ByteBuf> got = read(piece, 0, BLOCK);
            runDisk();
            windows.add(got.get(0).unwrap());
            firstAddress = piece == 0 ? got.get(0).memoryAddress() : firstAddress;
            got.get(0).release();
        }
        assertEquals(UploadReads.MAX_WINDOWS + 1, storage.reads.size());
        List<ByteBuf> again = read(0, 0, BLOCK); // the eldest was dropped: read again...
        runDisk();
        assertEquals(UploadReads.MAX_WINDOWS + 2, storage.reads.size());
        assertEquals(firstAddress, again.get(0).memoryAddress(), "...into the memory it had");
        assertBlock(0, 0, again.get(0));
        again.get(0).release();
        reads.close();
        for (ByteBuf w : windows) {
            assertEquals(0, w.refCnt(), "close lets go of every window");
        }
    }

    @Test
    void idleWindowsAreDroppedAndAFailedReadIsReported() {
        List<ByteBuf> first = read(2, 0, BLOCK);
        runDisk();
        first.get(0).release();
        List<ByteBuf> got = read(2, 0, BLOCK);
        ByteBuf window = got.get(0).unwrap();
        got.get(0).release();
        reads.dropIdle(System.nanoTime() + UploadReads.IDLE_NANOS);
        assertEquals(0, window.refCnt(), "dropped when idle");
        storage.failing = true;
        assertTrue(read(2, 0, BLOCK).isEmpty());
        runDisk();
        assertEquals(1, errors.size());
        storage.failing = false;
        List<ByteBuf> retry = read(2, 0, BLOCK);
        runDisk();
        assertBlock(2, 0, retry.get(0));
        retry.get(0).release();
        reads.close();
    }
}

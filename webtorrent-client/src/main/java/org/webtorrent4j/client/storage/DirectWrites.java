package org.webtorrent4j.client.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes block-aligned ranges of a torrent's files with O_DIRECT, past the page cache: a download
 * then neither evicts other files' cached pages nor pays for filling the cache, and the disk
 * thread's CPU per byte drops several times. O_DIRECT needs the file offset, the length and the
 * buffer's address aligned to the device's block size; the rest of a write is for
 * {@link FileStorage}'s ordinary channel. Where the file system refuses O_DIRECT (tmpfs, some
 * FUSE file systems) or a direct write fails, it stops trying and every write is ordinary.
 * Thread-safe: disk threads write different pieces at once.
 */
final class DirectWrites {
    private static final Logger log = LoggerFactory.getLogger(DirectWrites.class);
    /** The alignment asked of every direct write: the page size, a multiple of usual block sizes. */
    static final int ALIGNMENT = 4096;

    private final Path[] paths;
    private final FileChannel[] channels;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean unavailable;

    DirectWrites(Path[] paths) {
        this.paths = paths;
        this.channels = new FileChannel[paths.length];
    }

    boolean available() {
        return !unavailable;
    }

    /** Bytes written past the page cache so far. */
    long written() {
        return written.get();
    }

    static long alignUp(long position) {
        return (position + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    static long alignDown(long position) {
        return position / ALIGNMENT * ALIGNMENT;
    }

    /**
     * Whether the aligned middle of {@code data}, bound for file offset {@code position}, can go
     * direct: at least one aligned block, in a direct buffer whose address is aligned there too.
     */
    boolean fits(ByteBuffer data, long position) {
        long start = alignUp(position);
        long end = alignDown(position + data.remaining());
        return !unavailable && data.isDirect() && end - start >= ALIGNMENT
                && data.alignmentOffset(data.position() + (int) (start - position), ALIGNMENT) == 0;
    }

    /**
     * Writes all of {@code data} (aligned) at {@code position} of the file, which exists. Returns
     * false, having written nothing that counts, when O_DIRECT is not to be had: the caller then
     * writes the bytes the ordinary way.
     */
    boolean write(int file, ByteBuffer data, long position) {
        FileChannel channel = channel(file);
        if (channel == null) {
            return false;
        }
        try {
            int length = data.remaining();
            while (data.hasRemaining()) {
                position += channel.write(data, position);
            }
            written.addAndGet(length);
            return true;
        } catch (IOException e) {
            // E.g. EINVAL where the device needs a larger alignment: the ordinary write decides.
            disable("a direct write to " + paths[file] + " failed: " + e);
            return false;
        }
    }

    private synchronized FileChannel channel(int file) {
        if (unavailable) {
            return null;
        }
        if (channels[file] == null) {
            try {
                if (Files.getFileStore(paths[file]).getBlockSize() > ALIGNMENT) {
                    disable("blocks of " + paths[file] + "'s file system are larger than " + ALIGNMENT + " bytes");
                    return null;
                }
                channels[file] = FileChannel.open(paths[file], StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
            } catch (IOException | UnsupportedOperationException e) {
                disable("O_DIRECT is not available for " + paths[file] + ": " + e);
                return null;
            }
        }
        return channels[file];
    }

    private void disable(String why) {
        unavailable = true;
        log.debug("{}; ordinary writes from now on", why);
    }

    synchronized void close() throws IOException {
        unavailable = true; // a write racing the close must not open the file again
        IOException failure = null;
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] != null) {
                try {
                    channels[i].close();
                } catch (IOException e) {
                    failure = failure == null ? e : failure;
                }
                channels[i] = null;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}

package org.webtorrent4j.client.storage;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Keeps a torrent's pieces in its files under a download folder.
 *
 * <p>Files are created on their first write, sparsely (no preallocation), and only for wanted
 * files. A piece that straddles a wanted and an unwanted file still has to be stored whole to be
 * verified: the bytes that belong to unwanted files go to one sparse part file, at their torrent
 * offset, and move into the real file if it becomes wanted (all of them: a piece that was in
 * flight when its file was deselected lands there whole). Padding files are never written; they
 * read as zeros.
 *
 * <p>With direct writes on, the block-aligned bytes of each write go past the page cache
 * ({@link DirectWrites}); reads, and all other bytes, use the page cache as usual.
 */
public final class FileStorage implements Storage {
    /** Bytes of a direct buffer whose address is a multiple of this can go past the page cache. */
    public static final int DIRECT_ALIGNMENT = DirectWrites.ALIGNMENT;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();
    /** Bytes moved from the part file at a time. */
    private static final int MOVE_CHUNK = 1 << 20;

    private final PieceLayout layout;
    private final List<StoredFile> files;
    private final Path[] paths;
    private final Path partFile;
    private final boolean[] wanted;
    private final FileChannel[] channels;
    /** Which of {@link #channels} may write: a file only read (checked, seeded) is opened read-only. */
    private final boolean[] writable;
    /** Read-only channels replaced by writable ones. */
    private final List<FileChannel> retired = new ArrayList<>();
    /** Null when direct writes are off. */
    private final DirectWrites direct;
    private FileChannel partChannel;
    private boolean closed;

    /**
     * @param root     the download folder; every file must resolve inside it
     * @param partFile where bytes of unwanted files are kept (e.g. {@code root/.<infohash>.parts})
     */
    public FileStorage(Path root, List<StoredFile> files, int pieceLength, Path partFile) {
        this(root, files, pieceLength, partFile, false);
    }

    /**
     * @param directWrites write block-aligned bytes with O_DIRECT where the file system allows it
     */
    public FileStorage(Path root, List<StoredFile> files, int pieceLength, Path partFile, boolean directWrites) {
        this.files = List.copyOf(files);
        this.layout = new PieceLayout(this.files.stream().mapToLong(StoredFile::length).toArray(), pieceLength);
        this.paths = new Path[this.files.size()];
        Path base = root.toAbsolutePath().normalize();
        // The part file's folder, when it is one of its own in the download folder, holds the
        // client's records of every torrent there: no torrent's file may go into it.
        Path part = partFile.toAbsolutePath().normalize();
        Path records = part.getParent().equals(base) ? part : part.getParent();
        for (int i = 0; i < paths.length; i++) {
            paths[i] = SafePaths.resolve(base, this.files.get(i).path());
            if (paths[i].startsWith(records)) {
                throw new UnsafePathException("path " + this.files.get(i).path() + " is in " + records
                        + ", where the client keeps its own records");
            }
        }
        this.partFile = partFile;
        this.wanted = new boolean[paths.length];
        java.util.Arrays.fill(wanted, true);
        this.channels = new FileChannel[paths.length];
        this.writable = new boolean[paths.length];
        this.direct = directWrites ? new DirectWrites(paths) : null;
    }

    @Override
    public PieceLayout layout() {
        return layout;
    }

    /** The file's location on disk. */
    public Path path(int file) {
        return paths[file];
    }

    /** Where bytes of unwanted files are kept. */
    public Path partFile() {
        return partFile;
    }

    public synchronized boolean isWanted(int file) {
        return wanted[file] && !files.get(file).padding();
    }

    /**
     * Marks a file wanted or not. Bytes already stored stay where they are and remain readable;
     * new bytes of an unwanted file that does not exist yet go to the part file. A file that
     * becomes wanted is put in its place at once, with what the part file holds of it (pieces it
     * shares with wanted files may all be verified already, and nothing would write it again).
     * May create files and move bytes: call it off the event loops.
     */
    public synchronized void setWanted(int file, boolean isWanted) throws IOException {
        boolean becameWanted = isWanted && !wanted[file];
        wanted[file] = isWanted;
        if (becameWanted) {
            place(file);
        }
    }

    /** Puts every wanted file that is not on disk yet in its place (see {@link #setWanted}). */
    public synchronized void placeWantedFiles() throws IOException {
        for (int i = 0; i < paths.length; i++) {
            if (wanted[i]) {
                place(i);
            }
        }
    }

    /** Creates the file if missing: empty, or with what the part file holds of it. */
    private void place(int file) throws IOException {
        ensureOpen();
        if (files.get(file).padding() || channels[file] != null || Files.exists(paths[file])) {
            return;
        }
        if (files.get(file).length() == 0) {
            Files.createDirectories(paths[file].getParent());
            Files.createFile(paths[file]);
        } else if (Files.exists(partFile)) {
            openFile(file);
        }
    }

    /**
     * The pieces of {@code pieces} whose bytes are all still on disk now, going by the files'
     * paths (a file deleted while open still reads through its channel): what a resume record may
     * vouch for.
     */
    public synchronized BitSet stillOnDisk(BitSet pieces) {
        long[] sizes = new long[paths.length];
        for (int f = 0; f < paths.length; f++) {
            sizes[f] = sizeOnDisk(paths[f]);
        }
        long partSize = sizeOnDisk(partFile);
        BitSet held = new BitSet();
        for (int p = pieces.nextSetBit(0); p >= 0; p = pieces.nextSetBit(p + 1)) {
            boolean all = true;
            for (FileSlice slice : layout.slices(p, 0, layout.pieceSize(p))) {
                int f = slice.file();
                long end = slice.offset() + slice.length();
                boolean inFile = sizes[f] >= end;
                boolean inPartFile = sizes[f] < 0 && !wanted[f] && partSize >= layout.fileStart(f) + end;
                if (!files.get(f).padding() && !inFile && !inPartFile) {
                    all = false;
                    break;
                }
            }
            if (all) {
                held.set(p);
            }
        }
        return held;
    }

    /** The file's size, or -1 when it does not exist. */
    private static long sizeOnDisk(Path path) {
        try {
            return Files.size(path);
        } catch (IOException absent) {
            return -1;
        }
    }

    /** Writes piece data; a failure names the piece and the file (a full disk, say). */
    @Override
    public void write(int piece, int offset, ByteBuffer data) throws IOException {
        ByteBuffer src = data.duplicate();
        for (FileSlice slice : layout.slices(piece, offset, src.remaining())) {
            ByteBuffer part = src.slice(src.position(), slice.length());
            src.position(src.position() + slice.length());
            if (files.get(slice.file()).padding()) {
                continue;
            }
            try {
                if (writeToPartFileIfUnwanted(slice.file(), part, slice.offset())) {
                    continue;
                }
                FileChannel channel = channelForWrite(slice.file());
                if (direct != null && direct.fits(part, slice.offset())) {
                    writeAligningMiddle(slice.file(), channel, part, slice.offset());
                } else {
                    writeFully(channel, part, slice.offset());
                }
            } catch (IOException e) {
                throw new IOException("cannot write piece " + piece + " of " + paths[slice.file()] + ": " + e.getMessage(), e);
            }
        }
        data.position(data.limit());
    }

    /** Bytes written past the page cache (0 with direct writes off or unavailable). */
    long directBytes() {
        return direct == null ? 0 : direct.written();
    }

    /** The unaligned head and tail the ordinary way, the aligned middle direct. */
    private void writeAligningMiddle(int file, FileChannel channel, ByteBuffer data, long position) throws IOException {
        int head = (int) (DirectWrites.alignUp(position) - position);
        int middle = (int) (DirectWrites.alignDown(position + data.remaining()) - position) - head;
        writeFully(channel, data.slice(data.position(), head), position);
        ByteBuffer aligned = data.slice(data.position() + head, middle);
        if (!direct.write(file, aligned, position + head)) {
            writeFully(channel, aligned.clear(), position + head);
        }
        writeFully(channel, data.slice(data.position() + head + middle, data.remaining() - head - middle),
                position + head + middle);
    }

    private static void writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        while (data.hasRemaining()) {
            position += channel.write(data, position);
        }
    }

    @Override
    public void read(int piece, int offset, ByteBuffer target) throws IOException {
        read(piece, offset, target, false);
    }

    @Override
    public void readVerified(int piece, int offset, ByteBuffer target) throws IOException {
        read(piece, offset, target, true);
    }

    /** Bytes past a file's end read as zeros while it downloads; a verified piece has none there. */
    private void read(int piece, int offset, ByteBuffer target, boolean verified) throws IOException {
        for (FileSlice slice : layout.slices(piece, offset, target.remaining())) {
            ByteBuffer part = target.slice(target.position(), slice.length());
            target.position(target.position() + slice.length());
            boolean padding = files.get(slice.file()).padding();
            FileChannel channel = padding ? null : channelForRead(slice.file());
            if (channel == null) {
                if (verified && !padding) {
                    throw new NoSuchFileException(paths[slice.file()].toString(), null,
                            "gone since piece " + piece + " was verified");
                }
                fillZeros(part);
                continue;
            }
            long position = channel == partChannel ? layout.fileStart(slice.file()) + slice.offset() : slice.offset();
            while (part.hasRemaining()) {
                int n = channel.read(part, position);
                if (n < 0) {
                    if (verified) {
                        throw new EOFException((channel == partChannel ? partFile : paths[slice.file()]) + " ends at byte "
                                + channel.size() + ", before piece " + piece + ": cut short since it was verified");
                    }
                    fillZeros(part);
                    break;
                }
                position += n;
            }
        }
    }

    /**
     * Every file of the piece reaches past it: a missing file, or one cut short, holds nothing
     * there, even where the piece's bytes happen to be zeros as its holes would read.
     */
    @Override
    public boolean holdsBytesOf(int piece) throws IOException {
        for (FileSlice slice : layout.slices(piece, 0, layout.pieceSize(piece))) {
            if (files.get(slice.file()).padding()) {
                continue; // padding bytes are zeros by definition, never stored
            }
            FileChannel channel = channelForRead(slice.file());
            long position = channel == partChannel ? layout.fileStart(slice.file()) + slice.offset() : slice.offset();
            if (channel == null || channel.size() < position + slice.length()) {
                return false;
            }
        }
        return true;
    }

    private static void fillZeros(ByteBuffer target) {
        while (target.hasRemaining()) {
            target.put(ZEROS.duplicate().limit(Math.min(ZEROS.capacity(), target.remaining())));
        }
    }

    /**
     * Writes the bytes to the part file if their file is unwanted and does not exist; false
     * otherwise. Under the lock, so that no such write can slip in after the file was created
     * and its bytes were moved out of the part file.
     */
    private synchronized boolean writeToPartFileIfUnwanted(int file, ByteBuffer data, long offset) throws IOException {
        ensureOpen();
        if (channels[file] != null || wanted[file] || Files.exists(paths[file])) {
            return false;
        }
        writeFully(openPartFile(), data, layout.fileStart(file) + offset);
        return true;
    }

    /** The file's own channel, creating the file if need be. */
    private synchronized FileChannel channelForWrite(int file) throws IOException {
        ensureOpen();
        if (channels[file] != null && writable[file]) {
            return channels[file];
        }
        if (channels[file] != null) { // opened to be read: again, to be written
            retired.add(channels[file]); // a read may still be using it: closed with the storage
            channels[file] = null;
        }
        return openFile(file);
    }

    /**
     * The channel holding the file's bytes, or null when none are stored. Only an unwanted file's
     * bytes are in the part file: a wanted one's were moved out as it became wanted, so a wanted
     * file missing now was deleted, and the part file's holes there are not its bytes.
     */
    private synchronized FileChannel channelForRead(int file) throws IOException {
        ensureOpen();
        if (channels[file] != null) {
            return channels[file];
        }
        if (Files.isRegularFile(paths[file])) {
            // Read-only until a write needs more: a file the user may not write can still be seeded.
            channels[file] = FileChannel.open(paths[file], StandardOpenOption.READ);
            return channels[file];
        }
        if (Files.exists(paths[file])) {
            return openFile(file); // not a file (a folder, a device): as writing would find it
        }
        return !wanted[file] && Files.exists(partFile) ? openPartFile() : null;
    }

    private FileChannel openFile(int file) throws IOException {
        Path path = paths[file];
        Files.createDirectories(path.getParent());
        if (!Files.exists(path) && Files.exists(partFile) && files.get(file).length() > 0) {
            // Filled beside it, then renamed into place: a crash half way leaves no short file,
            // whose bytes would never be looked for in the part file again.
            Path filling = path.resolveSibling(path.getFileName() + ".webtorrent4j-filling");
            try (FileChannel target = FileChannel.open(filling, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
                moveFromPartFile(file, target);
            }
            Files.move(filling, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
        channels[file] = channel;
        writable[file] = true;
        return channel;
    }

    /**
     * A file that becomes wanted may already have bytes in the part file: those of the pieces it
     * shares with its neighbours, and of any piece finished while it was unwanted. Its whole range
     * there is copied, except runs of zeros: the new file's holes read as zeros too.
     */
    private void moveFromPartFile(int file, FileChannel target) throws IOException {
        FileChannel part = openPartFile();
        long fileStart = layout.fileStart(file);
        long end = Math.min(fileStart + files.get(file).length(), part.size());
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(MOVE_CHUNK, Math.max(end - fileStart, 0)));
        for (long from = fileStart; from < end; from += chunk.capacity()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), end - from));
            while (chunk.hasRemaining() && part.read(chunk, from + chunk.position()) >= 0) {
                // keep reading until the chunk is full or the part file ends
            }
            chunk.flip();
            if (!isAllZeros(chunk)) {
                writeFully(target, chunk, from - fileStart);
            }
        }
        if (end > fileStart && target.size() < end - fileStart) {
            // Skipped zeros at the end: the file still reaches as far as its bytes did there.
            writeFully(target, ByteBuffer.allocate(1), end - fileStart - 1);
        }
    }

    private static boolean isAllZeros(ByteBuffer data) {
        for (int at = data.position(); at < data.limit(); at += ZEROS.capacity()) {
            int n = Math.min(ZEROS.capacity(), data.limit() - at);
            if (data.slice(at, n).mismatch(ZEROS.duplicate().limit(n)) != -1) {
                return false;
            }
        }
        return true;
    }

    private FileChannel openPartFile() throws IOException {
        if (partChannel == null) {
            Files.createDirectories(partFile.toAbsolutePath().getParent());
            partChannel = FileChannel.open(partFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
        }
        return partChannel;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("storage is closed");
        }
    }

    @Override
    public void flush() throws IOException {
        FileChannel[] open;
        FileChannel part;
        synchronized (this) {
            open = channels.clone();
            part = partChannel;
        }
        for (FileChannel channel : open) {
            if (channel != null) {
                channel.force(false);
            }
        }
        if (part != null) {
            part.force(false);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        for (FileChannel channel : channels) {
            failure = closeQuietly(channel, failure);
        }
        for (FileChannel channel : retired) {
            failure = closeQuietly(channel, failure);
        }
        failure = closeQuietly(partChannel, failure);
        if (direct != null) {
            try {
                direct.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static IOException closeQuietly(FileChannel channel, IOException failure) {
        if (channel == null) {
            return failure;
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }
}

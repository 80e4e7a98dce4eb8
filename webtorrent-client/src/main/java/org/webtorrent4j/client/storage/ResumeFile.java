package org.webtorrent4j.client.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodeTypeException;
import org.webtorrent4j.bencode.BencodedDictionary;

/**
 * Reads and writes {@link ResumeData}. A write goes to a temporary file that is forced to disk
 * and then renamed over the old one, so a crash at any moment leaves either the old or the new
 * record, never a torn one.
 */
public final class ResumeFile {
    private static final long FORMAT = 1;

    private final Path file;

    public ResumeFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public void save(ResumeData data) throws IOException {
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("format", FORMAT);
        dict.put("pieces", (long) data.pieceCount());
        dict.put("verified", data.verified().toByteArray());
        List<Object> stamps = new ArrayList<>();
        for (ResumeData.FileStamp s : data.files()) {
            stamps.add(List.of(s.size(), s.modifiedMillis()));
        }
        dict.put("files", stamps);
        byte[] bytes = Bencode.encode(dict);

        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try {
            replaceThrough(tmp, bytes);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // the last saved record stays as it was
            throw e;
        }
        forceDirectory(dir);
    }

    /** Writes the bytes durably to {@code tmp}, then moves it over the record in one step. */
    private void replaceThrough(Path tmp, byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The saved record, or empty when there is none or it cannot be read (then everything is re-checked). */
    public Optional<ResumeData> load() {
        byte[] bytes;
        try {
            if (Files.size(file) > BencodeLimits.DEFAULT.maxInputLength()) {
                return Optional.empty(); // no real record is that large; reading it could not even fit an array
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            Map<String, Object> dict = Bencode.decodeDictionary(bytes);
            Long format = BencodedDictionary.integer(dict, "format");
            Long pieces = BencodedDictionary.integer(dict, "pieces");
            byte[] verified = BencodedDictionary.bytes(dict, "verified");
            List<Object> files = BencodedDictionary.list(dict, "files");
            if (format == null || format != FORMAT || pieces == null || verified == null || files == null
                    || pieces < 0 || pieces > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            List<ResumeData.FileStamp> stamps = new ArrayList<>();
            for (Object o : files) {
                List<?> pair = (List<?>) o;
                stamps.add(new ResumeData.FileStamp((Long) pair.get(0), (Long) pair.get(1)));
            }
            BitSet set = BitSet.valueOf(verified);
            if (set.length() > pieces) {
                return Optional.empty();
            }
            return Optional.of(new ResumeData(pieces.intValue(), set, stamps));
        } catch (BencodeException | BencodeTypeException | ClassCastException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** The size and modification time of a file now, for comparison with a saved record. */
    public static ResumeData.FileStamp stamp(Path path) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new ResumeData.FileStamp(a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return ResumeData.FileStamp.ABSENT;
        }
    }

    /** Makes the rename durable: on Linux a directory's entries are forced through its own channel. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a directory; the rename itself is still atomic.
        }
    }
}

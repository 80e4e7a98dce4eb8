package org.webtorrent4j.torrent.create;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.webtorrent4j.bencode.Bencode;

/**
 * Creates v1 {@code .torrent} files (BEP 3) from a file or a folder, with trackers (BEP 12), web
 * seeds (BEP 19) and the private flag (BEP 27).
 *
 * <p>The info dictionary holds exactly what mktorrent writes for the same input: {@code name},
 * {@code piece length}, {@code pieces}, {@code length} or {@code files} (in the order described
 * in {@link SourceScanner}), and {@code private} only when set. So the same input, name and
 * piece length give the same info-hash as mktorrent.
 *
 * <pre>{@code
 * CreatedTorrent t = TorrentCreator.create(Path.of("photos"), CreateOptions.builder()
 *         .addAnnounceTier("udp://tracker.example:6969/announce").build());
 * Files.write(Path.of("photos.torrent"), t.torrentBytes());
 * }</pre>
 */
public final class TorrentCreator {
    /** The automatic piece length aims at no more than this many pieces. */
    public static final int TARGET_MAX_PIECES = 2000;
    /** The largest piece length the automatic choice makes: 16 MiB. */
    public static final int MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;

    private TorrentCreator() {}

    /** Creates a torrent of {@code source} with the default options. */
    public static CreatedTorrent create(Path source) throws IOException {
        return create(source, CreateOptions.defaults());
    }

    /**
     * Reads and hashes {@code source} (a file, or a folder and everything below it) and returns
     * the torrent. Bad input throws {@link TorrentCreateException}; failing or changing files
     * throw {@link IOException}.
     */
    public static CreatedTorrent create(Path source, CreateOptions options) throws IOException {
        String name = options.name() != null ? options.name() : defaultName(source);
        SourceScanner.Listing listing = SourceScanner.scan(source, options.includeHidden());
        List<SourceFile> files = listing.files();
        long total = 0;
        for (SourceFile f : files) {
            total += f.length();
        }
        if (total == 0) {
            throw new TorrentCreateException("no data to share in " + source + ": all files are empty");
        }
        int pieceLength = options.pieceLength() != 0 ? options.pieceLength() : autoPieceLength(total);
        int pieceCount = PieceHasher.pieceCount(total, pieceLength);
        byte[] pieces = PieceHasher.hash(files, pieceLength, options.threads());
        requireUnchanged(files);

        Map<String, Object> infoDictionary = infoDictionary(name, listing, total, pieceLength, pieces,
                options.isPrivate());
        byte[] info = Bencode.encode(infoDictionary);
        // Canonical encoding is deterministic, so the info inside the torrent is exactly these bytes.
        byte[] torrent = Bencode.encode(metainfo(infoDictionary, options));
        byte[] infoHash = PieceHasher.sha1().digest(info);
        return new CreatedTorrent(torrent, info, infoHash, name, pieceLength, pieceCount, total, files,
                listing.skipped());
    }

    /**
     * The piece length chosen when none is given: the smallest power of two from 16 KiB to 16 MiB
     * that cuts {@code totalLength} into at most {@value #TARGET_MAX_PIECES} pieces, so a torrent
     * gets about 1000 to 2000 pieces unless it is under 16 MiB or over 32 GiB.
     */
    public static int autoPieceLength(long totalLength) {
        if (totalLength < 0) {
            throw new IllegalArgumentException("negative length " + totalLength);
        }
        int length = CreateOptions.MIN_PIECE_LENGTH;
        while (length < MAX_AUTO_PIECE_LENGTH && (totalLength + length - 1) / length > TARGET_MAX_PIECES) {
            length <<= 1;
        }
        return length;
    }

    private static String defaultName(Path source) {
        Path fileName = source.toAbsolutePath().normalize().getFileName();
        if (fileName == null) {
            throw new TorrentCreateException("cannot take a torrent name from " + source + "; give one");
        }
        String name = fileName.toString();
        FileNames.requireSafe(name, "torrent name");
        return name;
    }

    private static void requireUnchanged(List<SourceFile> files) throws IOException {
        for (SourceFile f : files) {
            long size = Files.size(f.file());
            if (size != f.length()) {
                throw new IOException(f.file() + " changed size while hashing (" + f.length() + " -> " + size
                        + " bytes)");
            }
        }
    }

    private static Map<String, Object> infoDictionary(String name, SourceScanner.Listing listing, long total,
                                                      int pieceLength, byte[] pieces, boolean isPrivate) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("piece length", (long) pieceLength);
        info.put("pieces", pieces);
        if (listing.singleFile()) {
            info.put("length", total);
        } else {
            List<Object> fileList = new ArrayList<>();
            for (SourceFile f : listing.files()) {
                fileList.add(Map.of("length", f.length(), "path", f.path()));
            }
            info.put("files", fileList);
        }
        if (isPrivate) {
            info.put("private", 1L);
        }
        return info;
    }

    private static Map<String, Object> metainfo(Map<String, Object> info, CreateOptions options) {
        Map<String, Object> torrent = new LinkedHashMap<>();
        List<List<String>> tiers = options.announceTiers();
        if (!tiers.isEmpty()) {
            torrent.put("announce", tiers.get(0).get(0));
            if (tiers.size() > 1 || tiers.get(0).size() > 1) {
                torrent.put("announce-list", tiers);
            }
        }
        if (options.comment() != null) {
            torrent.put("comment", options.comment());
        }
        if (options.createdBy() != null) {
            torrent.put("created by", options.createdBy());
        }
        options.creationDate().ifPresent(d -> torrent.put("creation date", d.getEpochSecond()));
        torrent.put("info", info);
        if (!options.urlList().isEmpty()) {
            torrent.put("url-list", options.urlList());
        }
        return torrent;
    }
}

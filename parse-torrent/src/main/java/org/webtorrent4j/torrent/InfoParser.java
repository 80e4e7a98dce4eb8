package org.webtorrent4j.torrent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodeTypeException;

/**
 * Reads and checks a raw {@code info} dictionary: v1 (BEP 3), v2 (BEP 52, {@code file tree}) or
 * hybrid (both, which must describe the same files). Hashes are computed over the raw bytes.
 */
final class InfoParser {
    private static final int V2_MIN_PIECE_LENGTH = 16 * 1024;

    private InfoParser() {}

    static InfoDictionary parse(byte[] rawInfo, TorrentLimits limits) {
        if (rawInfo.length > limits.maxTorrentBytes()) {
            throw new InvalidTorrentException("info dictionary of " + rawInfo.length + " bytes exceeds the limit of "
                    + limits.maxTorrentBytes());
        }
        Map<String, Object> info;
        try {
            Object decoded = Bencode.decode(rawInfo, new BencodeLimits(limits.maxDepth(), limits.maxTorrentBytes()));
            if (!(decoded instanceof Map)) {
                throw new InvalidTorrentException("'info' must be a dictionary");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) decoded;
            info = map;
        } catch (BencodeException e) {
            throw new InvalidTorrentException("info dictionary is not valid bencode: " + e.getMessage(), e);
        }
        try {
            return parse(rawInfo, info, limits);
        } catch (BencodeTypeException e) {
            throw new InvalidTorrentException("info: " + e.getMessage(), e);
        } catch (ArithmeticException e) {
            throw new InvalidTorrentException("file lengths add up to more than 2^63-1 bytes", e);
        }
    }

    private static InfoDictionary parse(byte[] rawInfo, Map<String, Object> info, TorrentLimits limits) {
        Long metaVersion = Fields.integer(info, "meta version");
        boolean v2 = metaVersion != null && metaVersion == 2;
        if (metaVersion != null && !v2) {
            throw new InvalidTorrentException("unsupported 'meta version' " + metaVersion);
        }
        boolean v1 = info.containsKey("pieces");
        if (!v1 && !v2) {
            throw new InvalidTorrentException("info has neither 'pieces' (v1) nor 'meta version' 2 (v2)");
        }
        String name = Fields.utf8String(info, "name");
        if (name == null) {
            throw new InvalidTorrentException("info has no 'name'");
        }
        FilePaths.checkComponent(name, "'name'");

        Long pieceLengthValue = Fields.integer(info, "piece length");
        if (pieceLengthValue == null) {
            throw new InvalidTorrentException("info has no 'piece length'");
        }
        if (pieceLengthValue <= 0) {
            throw new InvalidTorrentException("'piece length' must be positive, got " + pieceLengthValue);
        }
        if (pieceLengthValue > limits.maxPieceLength()) {
            throw new InvalidTorrentException("'piece length' " + pieceLengthValue + " exceeds the limit of "
                    + limits.maxPieceLength());
        }
        int pieceLength = pieceLengthValue.intValue();
        if (v2 && (pieceLength < V2_MIN_PIECE_LENGTH || Integer.bitCount(pieceLength) != 1)) {
            throw new InvalidTorrentException("v2 'piece length' must be a power of two of at least 16 KiB, got "
                    + pieceLength);
        }

        List<TorrentFile> v1Files = v1 ? v1Files(info, name, limits) : null;
        List<TorrentFile> v2Files = v2 ? V2FileTree.files(info, name, pieceLength, limits) : null;
        if (v1 && v2) {
            checkHybridAgrees(v1Files, v2Files);
            v1Files = withRoots(v1Files, v2Files);
        }
        List<TorrentFile> files = v1 ? v1Files : v2Files;
        boolean multiFile = v1 ? info.containsKey("files") : !(v2Files.size() == 1 && v2Files.get(0).path().size() == 1);
        FilePaths.checkNoConflicts(files);

        long length = 0;
        for (TorrentFile f : files) {
            length = Math.addExact(length, f.length());
        }
        if (length == 0) {
            throw new InvalidTorrentException("torrent has a total length of 0");
        }
        long pieceCount = length / pieceLength + (length % pieceLength == 0 ? 0 : 1);
        if (pieceCount > limits.maxPieces()) {
            throw new InvalidTorrentException(pieceCount + " pieces exceed the limit of " + limits.maxPieces());
        }
        byte[] pieces = null;
        if (v1) {
            pieces = Fields.bytes(info, "pieces");
            if (pieces.length % 20 != 0) {
                throw new InvalidTorrentException("'pieces' has " + pieces.length + " bytes, not a multiple of 20");
            }
            if (pieces.length / 20 != pieceCount) {
                throw new InvalidTorrentException("'pieces' holds " + pieces.length / 20 + " hashes but a length of "
                        + length + " in pieces of " + pieceLength + " needs " + pieceCount);
            }
        }
        Long privateFlag = Fields.integer(info, "private");
        return new InfoDictionary(rawInfo.clone(), info,
                v1 ? InfoHash.of(digest("SHA-1", rawInfo)) : null,
                v2 ? InfoHash.of(digest("SHA-256", rawInfo)) : null,
                name, length, pieceLength, (int) pieceCount, privateFlag != null && privateFlag == 1,
                pieces, List.copyOf(files), multiFile);
    }

    private static List<TorrentFile> v1Files(Map<String, Object> info, String name, TorrentLimits limits) {
        List<Object> list = Fields.list(info, "files");
        if (list == null) {
            Long length = Fields.integer(info, "length");
            if (length == null) {
                throw new InvalidTorrentException("info has neither 'length' nor 'files'");
            }
            checkLength(length, "'length'");
            checkAttributes(info, name);
            return List.of(new TorrentFile(List.of(name), length, 0, false, null));
        }
        if (info.containsKey("length")) {
            throw new InvalidTorrentException("info has both 'length' and 'files'");
        }
        if (list.isEmpty()) {
            throw new InvalidTorrentException("'files' is empty");
        }
        if (list.size() > limits.maxFiles()) {
            throw new InvalidTorrentException(list.size() + " files exceed the limit of " + limits.maxFiles());
        }
        List<TorrentFile> files = new ArrayList<>(list.size());
        long offset = 0;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?>)) {
                throw new InvalidTorrentException("'files' entry " + i + " is not a dictionary");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> file = (Map<String, Object>) list.get(i);
            String what = "'files' entry " + i;
            Long length = Fields.integer(file, "length");
            if (length == null) {
                throw new InvalidTorrentException(what + " has no 'length'");
            }
            checkLength(length, what + " length");
            List<Object> rawPath = Fields.list(file, "path.utf-8") != null ? Fields.list(file, "path.utf-8")
                    : Fields.list(file, "path");
            if (rawPath == null || rawPath.isEmpty()) {
                throw new InvalidTorrentException(what + " has no 'path'");
            }
            if (rawPath.size() > FilePaths.MAX_COMPONENTS) {
                throw new InvalidTorrentException(what + " has a path of " + rawPath.size() + " components, more than "
                        + FilePaths.MAX_COMPONENTS);
            }
            List<String> path = new ArrayList<>(rawPath.size() + 1);
            path.add(name);
            for (Object component : rawPath) {
                if (!(component instanceof byte[] bytes)) {
                    throw new InvalidTorrentException(what + " has a path component that is not a string");
                }
                String text = new String(bytes, StandardCharsets.UTF_8);
                FilePaths.checkComponent(text, what);
                path.add(text);
            }
            String attr = checkAttributes(file, String.join("/", path));
            boolean padding = attr.indexOf('p') >= 0 || path.get(path.size() - 1).startsWith(FilePaths.LEGACY_PADDING_PREFIX);
            files.add(new TorrentFile(path, length, offset, padding, null));
            offset = Math.addExact(offset, length);
        }
        return files;
    }

    /** Returns the BEP 47 attribute string; symbolic links are rejected (see {@link FilePaths}). */
    static String checkAttributes(Map<String, Object> file, String path) {
        String attr = Fields.utf8String(file, "attr");
        if (attr == null) {
            return "";
        }
        if (attr.indexOf('l') >= 0 || file.containsKey("symlink path")) {
            throw new InvalidTorrentException("'" + path + "' is a symbolic link, which is not supported");
        }
        return attr;
    }

    static void checkLength(long length, String what) {
        if (length < 0) {
            throw new InvalidTorrentException(what + " is negative: " + length);
        }
    }

    /** In a hybrid torrent the v1 list (without padding) and the v2 tree must list the same files. */
    private static void checkHybridAgrees(List<TorrentFile> v1Files, List<TorrentFile> v2Files) {
        List<TorrentFile> a = v1Files.stream().filter(f -> !f.isPadding()).toList();
        List<TorrentFile> b = v2Files.stream().filter(f -> !f.isPadding()).toList();
        if (a.size() != b.size()) {
            throw new InvalidTorrentException("hybrid torrent: v1 lists " + a.size() + " files, v2 " + b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            TorrentFile x = a.get(i);
            TorrentFile y = b.get(i);
            if (!x.path().equals(y.path()) || x.length() != y.length() || x.offset() != y.offset()) {
                throw new InvalidTorrentException("hybrid torrent: v1 file '" + x.displayPath() + "' ("
                        + x.length() + " bytes at " + x.offset() + ") differs from v2 file '" + y.displayPath()
                        + "' (" + y.length() + " bytes at " + y.offset() + ")");
            }
        }
    }

    private static List<TorrentFile> withRoots(List<TorrentFile> v1Files, List<TorrentFile> v2Files) {
        List<TorrentFile> out = new ArrayList<>(v1Files.size());
        int j = 0;
        List<TorrentFile> real = v2Files.stream().filter(f -> !f.isPadding()).toList();
        for (TorrentFile f : v1Files) {
            byte[] root = f.isPadding() ? null : real.get(j++).piecesRoot();
            out.add(new TorrentFile(f.path(), f.length(), f.offset(), f.isPadding(), root));
        }
        return out;
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required by the Java platform", e);
        }
    }
}

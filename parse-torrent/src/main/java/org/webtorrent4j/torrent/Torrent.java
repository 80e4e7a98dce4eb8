package org.webtorrent4j.torrent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.magnet.HashText;
import org.webtorrent4j.magnet.InvalidMagnetUriException;
import org.webtorrent4j.magnet.MagnetUri;
import org.webtorrent4j.magnet.PeerAddress;

/**
 * A torrent: either complete (parsed from a .torrent, {@link #hasMetadata()} true) or only known
 * by its info-hash(es) and hints (from a magnet link or a bare info-hash, {@code hasMetadata()}
 * false until {@link #withMetadata(byte[])} supplies the info dictionary). Immutable.
 *
 * <p>The v1 info-hash is the SHA-1 of the {@code info} dictionary's bytes exactly as they appear
 * in the input, never of a re-encoding, so torrents with unsorted keys get the hash every other
 * client computes. Metadata accessors ({@link #length()}, {@link #pieceLength()}, ...) return 0
 * or empty values when there is no metadata.
 */
public final class Torrent {
    private static final Set<String> KNOWN_TOP_KEYS = Set.of("info", "announce", "announce-list", "url-list",
            "httpseeds", "nodes", "creation date", "created by", "created by.utf-8", "comment", "comment.utf-8",
            "encoding", "piece layers");
    private static final Set<String> KNOWN_INFO_KEYS = Set.of("name", "name.utf-8", "piece length", "pieces",
            "length", "files", "private", "meta version", "file tree");

    private final InfoDictionary info;
    private final InfoHash infoHashV1;
    private final InfoHash infoHashV2;
    private final Map<String, Object> topLevel;
    private final Map<String, byte[]> pieceLayers;
    private final MagnetUri source;
    private final List<List<String>> announceTiers;
    private final List<String> urlList;
    private final List<TorrentFile> userFiles;

    Torrent(InfoDictionary info, InfoHash infoHashV1, InfoHash infoHashV2, Map<String, Object> topLevel,
            Map<String, byte[]> pieceLayers, MagnetUri source) {
        this.info = info;
        this.infoHashV1 = infoHashV1;
        this.infoHashV2 = infoHashV2;
        this.topLevel = Map.copyOf(topLevel);
        this.pieceLayers = Map.copyOf(pieceLayers);
        this.source = source;
        this.announceTiers = TorrentParser.announceTiers(topLevel);
        this.urlList = TorrentParser.urlList(topLevel);
        this.userFiles = info == null ? List.of() : info.files().stream().filter(f -> !f.isPadding()).toList();
    }

    /** Parses .torrent bytes under {@link TorrentLimits#DEFAULT}. */
    public static Torrent parse(byte[] torrent) {
        return parse(torrent, TorrentLimits.DEFAULT);
    }

    /** Parses .torrent bytes; every problem is an {@link InvalidTorrentException} saying what is wrong. */
    public static Torrent parse(byte[] torrent, TorrentLimits limits) {
        return TorrentParser.parse(torrent, limits);
    }

    /** Reads and parses a .torrent file (refusing files larger than the default limit before reading them). */
    public static Torrent parse(Path file) throws IOException {
        long size = Files.size(file);
        if (size > TorrentLimits.DEFAULT.maxTorrentBytes()) {
            throw new InvalidTorrentException(file + " has " + size + " bytes, more than the limit of "
                    + TorrentLimits.DEFAULT.maxTorrentBytes());
        }
        return parse(Files.readAllBytes(file));
    }

    /** Reads a .torrent from a stream (at most the default size limit) and parses it; the stream is not closed. */
    public static Torrent parse(InputStream in) throws IOException {
        int max = TorrentLimits.DEFAULT.maxTorrentBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > max) {
                throw new InvalidTorrentException("stream holds more than the limit of " + max + " bytes");
            }
        }
        return parse(out.toByteArray());
    }

    /**
     * Parses a magnet link, a 40-character hex or 32-character base32 v1 info-hash, or a 64-character
     * hex v2 info-hash. The result has no metadata.
     */
    public static Torrent parse(String magnetOrInfoHash) {
        String s = magnetOrInfoHash.strip();
        if (s.regionMatches(true, 0, "magnet:", 0, 7)) {
            MagnetUri magnet;
            try {
                magnet = MagnetUri.parse(s);
            } catch (InvalidMagnetUriException e) {
                throw new InvalidTorrentException("invalid magnet link: " + e.getMessage(), e);
            }
            return fromMagnet(magnet);
        }
        InfoHash hash = switch (s.length()) {
            case 40, 64 -> InfoHash.fromHex(s);
            case 32 -> InfoHash.fromBase32(s);
            default -> throw new InvalidTorrentException("'" + abbreviate(s)
                    + "' is not a magnet link nor a 40-hex, 32-base32 or 64-hex info-hash");
        };
        MagnetUri.Builder b = MagnetUri.builder();
        if (hash.version() == 1) {
            b.infoHashV1(hash.bytes());
        } else {
            b.infoHashV2(hash.bytes());
        }
        return fromMagnet(b.build());
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** A torrent without metadata, known from a magnet link (its trackers and web seeds are kept). */
    public static Torrent fromMagnet(MagnetUri magnet) {
        Map<String, Object> top = new LinkedHashMap<>();
        if (!magnet.trackers().isEmpty()) {
            top.put("announce", magnet.trackers().get(0));
            top.put("announce-list", magnet.trackers().stream().map(t -> (Object) List.of((Object) t)).toList());
        }
        if (!magnet.webSeeds().isEmpty()) {
            top.put("url-list", List.copyOf(magnet.webSeeds()));
        }
        return new Torrent(null, magnet.infoHashV1().map(InfoHash::of).orElse(null),
                magnet.infoHashV2().map(InfoHash::of).orElse(null), toBencodeModel(top), Map.of(), magnet);
    }

    /** Strings to byte[] as the decoder produces, so that every accessor reads one model. */
    private static Map<String, Object> toBencodeModel(Map<String, Object> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) Bencode.decode(Bencode.encode(map));
        return decoded;
    }

    /**
     * This torrent completed with its info dictionary (e.g. received by BEP 9). The bytes must hash
     * to every info-hash already known, else {@link InvalidTorrentException}.
     */
    public Torrent withMetadata(byte[] rawInfo) {
        return withMetadata(rawInfo, TorrentLimits.DEFAULT);
    }

    /** As {@link #withMetadata(byte[])}, under the given limits. */
    public Torrent withMetadata(byte[] rawInfo, TorrentLimits limits) {
        InfoDictionary parsed = InfoParser.parse(rawInfo, limits);
        if (infoHashV1 != null && !infoHashV1.equals(parsed.infoHashV1())) {
            throw new InvalidTorrentException("info dictionary does not match v1 info-hash " + infoHashV1.hex());
        }
        if (infoHashV2 != null && !infoHashV2.equals(parsed.infoHashV2())) {
            throw new InvalidTorrentException("info dictionary does not match v2 info-hash " + infoHashV2.hex());
        }
        return new Torrent(parsed, parsed.infoHashV1(), parsed.infoHashV2(), topLevel, pieceLayers, source);
    }

    public boolean hasMetadata() {
        return info != null;
    }

    /**
     * The 20 bytes peers, trackers and the DHT know this torrent by: the v1 info-hash, or for a
     * v2-only torrent its v2 info-hash truncated to 20 bytes (BEP 52).
     */
    public byte[] swarmInfoHash() {
        return infoHashV1 != null ? infoHashV1.bytes() : infoHashV2.truncated();
    }

    /**
     * Whether every piece's hash is known: always for v1 and hybrid torrents; for a v2-only one,
     * when the .torrent's {@code piece layers} cover every file longer than a piece (a magnet
     * link's metadata has none).
     */
    public boolean hasPieceHashes() {
        requireMetadata();
        return info.pieces() != null || filesWithoutPieceLayer().isEmpty();
    }

    /**
     * The files of a torrent with v2 metadata whose piece layer is not known: those longer than a
     * piece, until the .torrent's {@code piece layers} or {@link #withPieceLayer} supply it.
     */
    public List<TorrentFile> filesWithoutPieceLayer() {
        requireMetadata();
        return userFiles.stream().filter(f -> f.piecesRoot() != null && f.length() > info.pieceLength()
                && !pieceLayers.containsKey(HashText.toHex(f.piecesRoot()))).toList();
    }

    /** The piece layer (BEP 52) of the file whose pieces root this is, when known: 32 bytes per piece. */
    public Optional<byte[]> pieceLayer(byte[] piecesRoot) {
        byte[] layer = pieceLayers.get(HashText.toHex(piecesRoot));
        return Optional.ofNullable(layer).map(byte[]::clone);
    }

    /**
     * This torrent with the piece layer of one of its files (e.g. fetched from peers by BEP 52 hash
     * requests), checked against the file's pieces root.
     *
     * @throws InvalidTorrentException if no file has that root, or the layer does not hash to it
     */
    public Torrent withPieceLayer(byte[] piecesRoot, byte[] layer) {
        requireMetadata();
        Map<String, byte[]> layers = new LinkedHashMap<>(pieceLayers);
        layers.put(HashText.toHex(piecesRoot),
                TorrentParser.checkedPieceLayer(info, TorrentParser.filesByRoot(info), piecesRoot, layer.clone()));
        return new Torrent(info, infoHashV1, infoHashV2, topLevel, layers, source);
    }

    /** A checker of pieces against this torrent's hashes; one per thread. */
    public PieceCheck newPieceCheck() {
        requireMetadata();
        return new PieceCheck(this);
    }

    /** SHA-1 info-hash; empty for a v2-only torrent. */
    public Optional<InfoHash> infoHashV1() {
        return Optional.ofNullable(infoHashV1);
    }

    /** SHA-256 info-hash (BEP 52); empty for a v1-only torrent. */
    public Optional<InfoHash> infoHashV2() {
        return Optional.ofNullable(infoHashV2);
    }

    /** The name ({@code name.utf-8} preferred); without metadata the magnet's {@code dn}, or null. */
    public String name() {
        if (info != null) {
            return info.name();
        }
        return source == null ? null : source.displayName().orElse(null);
    }

    /** Total bytes, padding included (0 without metadata). */
    public long length() {
        return info == null ? 0 : info.length();
    }

    public int pieceLength() {
        return info == null ? 0 : info.pieceLength();
    }

    public int lastPieceLength() {
        return info == null ? 0 : info.lastPieceLength();
    }

    public int pieceCount() {
        return info == null ? 0 : info.pieceCount();
    }

    /**
     * The expected hash of a piece: the 20-byte SHA-1 for v1 and hybrid torrents; for v2-only
     * torrents the 32-byte SHA-256 piece-layer entry (BEP 52), or the file's pieces root when the
     * file fits in one piece.
     *
     * @throws IllegalStateException without metadata, or for a v2-only torrent whose piece layers are not known
     */
    public byte[] pieceHash(int index) {
        requireMetadata();
        if (index < 0 || index >= info.pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + index + " of " + info.pieceCount());
        }
        if (info.pieces() != null) {
            return Arrays.copyOfRange(info.pieces(), index * 20, index * 20 + 20);
        }
        long pieceStart = (long) index * info.pieceLength();
        for (TorrentFile f : info.files()) {
            if (f.isPadding() || f.length() == 0 || pieceStart < f.offset() || pieceStart >= f.offset() + f.length()) {
                continue;
            }
            int pieceInFile = (int) ((pieceStart - f.offset()) / info.pieceLength());
            if (f.length() <= info.pieceLength()) {
                return f.piecesRoot();
            }
            byte[] layer = pieceLayers.get(HashText.toHex(f.piecesRoot()));
            if (layer == null) {
                throw new IllegalStateException("piece layers of '" + f.displayPath() + "' are not known");
            }
            return Arrays.copyOfRange(layer, pieceInFile * 32, pieceInFile * 32 + 32);
        }
        throw new IllegalStateException("piece " + index + " lies in padding only");
    }

    /** BEP 27 private flag. */
    public boolean isPrivate() {
        return info != null && info.isPrivate();
    }

    public Optional<Instant> creationDate() {
        return Optional.ofNullable(TorrentParser.creationDate(topLevel));
    }

    /** {@code created by}, or null. */
    public String createdBy() {
        return TorrentParser.lenientString(topLevel, "created by");
    }

    /** {@code comment} ({@code comment.utf-8} preferred), or null. */
    public String comment() {
        return TorrentParser.lenientString(topLevel, "comment");
    }

    /** {@code encoding} as declared by the creator, or null (strings are read as UTF-8 regardless). */
    public String encoding() {
        return TorrentParser.lenientString(topLevel, "encoding");
    }

    /** Tracker tiers (BEP 12), duplicates removed; {@code announce} alone when there is no announce-list. */
    public List<List<String>> announceTiers() {
        return announceTiers;
    }

    /** Every tracker URL, in tier order. */
    public List<String> announce() {
        return announceTiers.stream().flatMap(List::stream).toList();
    }

    /** BEP 19 web seeds ({@code url-list}, a string or a list). */
    public List<String> urlList() {
        return urlList;
    }

    /** BEP 17 {@code httpseeds}. */
    public List<String> httpSeeds() {
        return TorrentParser.stringOrList(topLevel, "httpseeds");
    }

    /** DHT bootstrap {@code nodes} (BEP 5). */
    public List<PeerAddress> nodes() {
        return TorrentParser.nodes(topLevel);
    }

    /** Every file, BEP 47 padding included, in piece order (empty without metadata). */
    public List<TorrentFile> files() {
        return info == null ? List.of() : info.files();
    }

    /** The files a user sees: padding files left out. */
    public List<TorrentFile> userFiles() {
        return userFiles;
    }

    /** Whether the files live in a folder named {@link #name()} (a multi-file torrent). */
    public boolean isMultiFile() {
        return info != null && info.multiFile();
    }

    /** The info dictionary's bytes exactly as read. */
    public byte[] rawInfo() {
        requireMetadata();
        return info.rawInfo().clone();
    }

    /** Top-level keys this library does not interpret, as bencode values (a copy). */
    public Map<String, Object> unknownFields() {
        return copyUnknown(topLevel, KNOWN_TOP_KEYS);
    }

    /** Keys of the info dictionary this library does not interpret, as bencode values (a copy). */
    public Map<String, Object> unknownInfoFields() {
        return info == null ? Map.of() : copyUnknown(info.values(), KNOWN_INFO_KEYS);
    }

    private static Map<String, Object> copyUnknown(Map<String, Object> map, Set<String> known) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!known.contains(k)) {
                out.put(k, Bencode.decode(Bencode.encode(v)));
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /**
     * Encodes a .torrent: every top-level key kept (sorted), the info dictionary written back byte
     * for byte. For a canonical input the output is identical to it.
     */
    public byte[] toTorrentBytes() {
        requireMetadata();
        TreeMap<String, Object> sorted = new TreeMap<>(topLevel);
        sorted.put("info", info);
        if (!pieceLayers.isEmpty()) {
            Map<String, Object> layers = new TreeMap<>();
            pieceLayers.forEach((hex, layer) -> layers.put(new String(HashText.fromHex(hex, 32),
                    java.nio.charset.StandardCharsets.ISO_8859_1), layer));
            sorted.put("piece layers", layers);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(info.rawInfo().length + 1024);
        out.write('d');
        sorted.forEach((key, value) -> {
            out.writeBytes(Bencode.encode(key.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            out.writeBytes(value == info ? info.rawInfo() : Bencode.encode(value));
        });
        out.write('e');
        return out.toByteArray();
    }

    /**
     * A magnet link: for a torrent made from a link, that link plus any info-hash and name the
     * metadata added; otherwise {@code xt} for each
     * info-hash (both for hybrid), {@code dn}, {@code tr} in tier order and {@code ws}.
     */
    public MagnetUri toMagnetUri() {
        if (source != null) {
            // Keep everything the original link said (x.pe, so, ...); add what the metadata taught us.
            MagnetUri.Builder b = source.toBuilder();
            if (source.infoHashV1().isEmpty() && infoHashV1 != null) {
                b.infoHashV1(infoHashV1.bytes());
            }
            if (source.infoHashV2().isEmpty() && infoHashV2 != null) {
                b.infoHashV2(infoHashV2.bytes());
            }
            if (source.displayName().isEmpty() && name() != null) {
                b.displayName(name());
            }
            return b.build();
        }
        MagnetUri.Builder b = MagnetUri.builder();
        if (infoHashV1 != null) {
            b.infoHashV1(infoHashV1.bytes());
        }
        if (infoHashV2 != null) {
            b.infoHashV2(infoHashV2.bytes());
        }
        if (name() != null) {
            b.displayName(name());
        }
        announce().forEach(b::tracker);
        urlList.forEach(b::webSeed);
        return b.build();
    }

    private void requireMetadata() {
        if (info == null) {
            throw new IllegalStateException("torrent " + this + " has no metadata yet");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Torrent t && Objects.equals(infoHashV1, t.infoHashV1)
                && Objects.equals(infoHashV2, t.infoHashV2) && hasMetadata() == t.hasMetadata()
                && Arrays.equals(encodeTop(), t.encodeTop());
    }

    private byte[] encodeTop() {
        return Bencode.encode(topLevel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(infoHashV1, infoHashV2, hasMetadata());
    }

    @Override
    public String toString() {
        List<String> hashes = new ArrayList<>();
        if (infoHashV1 != null) {
            hashes.add(infoHashV1.hex());
        }
        if (infoHashV2 != null) {
            hashes.add(infoHashV2.hex());
        }
        return String.join("/", hashes) + (name() == null ? "" : " '" + name() + "'")
                + (info == null ? " (no metadata)" : "");
    }
}

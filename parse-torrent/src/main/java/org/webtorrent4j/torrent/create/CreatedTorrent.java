package org.webtorrent4j.torrent.create;

import java.util.HexFormat;
import java.util.List;

/**
 * A torrent made by {@link TorrentCreator}: its bytes, ready to write to a {@code .torrent} file,
 * and facts about it.
 */
public final class CreatedTorrent {
    private final byte[] torrentBytes;
    private final byte[] infoBytes;
    private final byte[] infoHash;
    private final String name;
    private final int pieceLength;
    private final int pieceCount;
    private final long totalLength;
    private final List<SourceFile> files;
    private final List<String> skipped;

    CreatedTorrent(byte[] torrentBytes, byte[] infoBytes, byte[] infoHash, String name, int pieceLength,
                   int pieceCount, long totalLength, List<SourceFile> files, List<String> skipped) {
        this.torrentBytes = torrentBytes;
        this.infoBytes = infoBytes;
        this.infoHash = infoHash;
        this.name = name;
        this.pieceLength = pieceLength;
        this.pieceCount = pieceCount;
        this.totalLength = totalLength;
        this.files = List.copyOf(files);
        this.skipped = List.copyOf(skipped);
    }

    /** The whole {@code .torrent} file (a fresh copy). */
    public byte[] torrentBytes() {
        return torrentBytes.clone();
    }

    /** The bencoded info dictionary, whose SHA-1 is the info-hash (a fresh copy). */
    public byte[] infoBytes() {
        return infoBytes.clone();
    }

    /** The 20-byte v1 info-hash (a fresh copy). */
    public byte[] infoHash() {
        return infoHash.clone();
    }

    /** The info-hash as 40 lower-case hex digits. */
    public String infoHashHex() {
        return HexFormat.of().formatHex(infoHash);
    }

    public String name() {
        return name;
    }

    public int pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieceCount;
    }

    public long totalLength() {
        return totalLength;
    }

    /** The files in torrent order. */
    public List<SourceFile> files() {
        return files;
    }

    /** Entries of the source folder that were left out, each as "relative/path: reason". */
    public List<String> skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return "CreatedTorrent[" + name + ", " + infoHashHex() + ", " + files.size() + " files, " + totalLength
                + " bytes, " + pieceCount + " pieces of " + pieceLength + "]";
    }
}

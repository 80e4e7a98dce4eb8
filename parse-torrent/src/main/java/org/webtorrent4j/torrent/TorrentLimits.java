package org.webtorrent4j.torrent;

/**
 * Bounds applied while parsing untrusted torrents. Anything past a bound is an
 * {@link InvalidTorrentException} naming the bound.
 *
 * @param maxTorrentBytes largest .torrent (or info dictionary) accepted, in bytes (default 50 MiB)
 * @param maxDepth        deepest bencode nesting (default 100; a BEP 52 file tree nests one level per directory)
 * @param maxPieces       most pieces (default 2,097,152, e.g. 2 TiB in 1 MiB pieces)
 * @param maxFiles        most files, padding files included (default 1,000,000)
 * @param maxPieceLength  largest piece length in bytes (default 128 MiB)
 */
public record TorrentLimits(int maxTorrentBytes, int maxDepth, int maxPieces, int maxFiles, int maxPieceLength) {
    public static final TorrentLimits DEFAULT = new TorrentLimits(50 * 1024 * 1024, 100, 1 << 21, 1_000_000, 128 * 1024 * 1024);

    public TorrentLimits {
        if (maxTorrentBytes < 1 || maxDepth < 1 || maxPieces < 1 || maxFiles < 1 || maxPieceLength < 1) {
            throw new IllegalArgumentException("every limit must be at least 1");
        }
    }

    public TorrentLimits withMaxTorrentBytes(int v) {
        return new TorrentLimits(v, maxDepth, maxPieces, maxFiles, maxPieceLength);
    }

    public TorrentLimits withMaxDepth(int v) {
        return new TorrentLimits(maxTorrentBytes, v, maxPieces, maxFiles, maxPieceLength);
    }

    public TorrentLimits withMaxPieces(int v) {
        return new TorrentLimits(maxTorrentBytes, maxDepth, v, maxFiles, maxPieceLength);
    }

    public TorrentLimits withMaxFiles(int v) {
        return new TorrentLimits(maxTorrentBytes, maxDepth, maxPieces, v, maxPieceLength);
    }

    public TorrentLimits withMaxPieceLength(int v) {
        return new TorrentLimits(maxTorrentBytes, maxDepth, maxPieces, maxFiles, v);
    }
}

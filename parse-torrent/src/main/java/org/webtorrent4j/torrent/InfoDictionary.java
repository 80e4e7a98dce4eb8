package org.webtorrent4j.torrent;

import java.util.List;
import java.util.Map;

/**
 * The checked content of a torrent's {@code info} dictionary, with the exact bytes it was read from.
 *
 * @param rawInfo     the info dictionary exactly as it appeared in the input (hashes are over these bytes)
 * @param values      the decoded dictionary, for unknown keys
 * @param infoHashV1  SHA-1 of rawInfo, or null for a v2-only torrent
 * @param infoHashV2  SHA-256 of rawInfo, or null for a v1-only torrent
 * @param pieces      concatenated 20-byte v1 piece hashes, or null for v2-only
 * @param files       every file, padding included, in piece order
 */
record InfoDictionary(byte[] rawInfo, Map<String, Object> values, InfoHash infoHashV1, InfoHash infoHashV2,
                      String name, long length, int pieceLength, int pieceCount, boolean isPrivate,
                      byte[] pieces, List<TorrentFile> files, boolean multiFile) {

    int lastPieceLength() {
        return (int) (length - (long) (pieceCount - 1) * pieceLength);
    }
}

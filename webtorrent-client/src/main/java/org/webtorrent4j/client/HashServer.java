package org.webtorrent4j.client;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.webtorrent4j.torrent.PieceLayerTree;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.TorrentFile;
import org.webtorrent4j.wire.HashRequest;
import org.webtorrent4j.wire.Wire;

/**
 * Answers peers' BEP 52 hash requests from the torrent's piece layers, on the wires' own loops.
 * A file's tree is built on its first request and kept (immutable, shared by every wire; only the
 * torrent's own files get one); what the layers cannot answer (block hashes, unknown roots,
 * shapes outside the tree) is rejected, and so is every request while the connection's output
 * is backed up, which bounds what a flood of requests can queue.
 */
final class HashServer {
    private final Torrent torrent;
    private final Map<String, PieceLayerTree> trees = new ConcurrentHashMap<>();

    HashServer(Torrent torrent) {
        this.torrent = torrent;
    }

    void answer(Wire wire, HashRequest request) {
        if (!wire.isWritable()) {
            wire.hashReject(request); // a peer that does not read its answers gets no more of them
            return;
        }
        byte[] root = request.piecesRoot();
        Optional<byte[]> hashes = torrent.pieceLayer(root)
                .map(layer -> trees.computeIfAbsent(HexFormat.of().formatHex(root), hex -> tree(root, layer)))
                .flatMap(t -> t.answer(request.baseLayer(), request.index(), request.length(), request.proofLayers()));
        if (hashes.isPresent()) {
            wire.hashes(request, hashes.get());
        } else {
            wire.hashReject(request);
        }
    }

    private PieceLayerTree tree(byte[] root, byte[] layer) {
        TorrentFile file = torrent.userFiles().stream()
                .filter(f -> Arrays.equals(f.piecesRoot(), root)).findFirst().orElseThrow();
        return PieceLayerTree.of(layer, file.length(), torrent.pieceLength());
    }
}

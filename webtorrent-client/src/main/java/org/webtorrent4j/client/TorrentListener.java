package org.webtorrent4j.client;

import java.net.InetSocketAddress;
import org.webtorrent4j.torrent.Torrent;

/** Events of one torrent, called on the torrent's own thread: do not block in them. */
public interface TorrentListener {
    /**
     * The torrent's full metadata is known: at once for a .torrent, after BEP 9 (and for a v2-only
     * torrent its piece layers) for a magnet link or info-hash. Comes before {@link #onReady}.
     */
    default void onMetadata(Torrent torrent) {}

    /** Existing data was checked at start; {@code verifiedPieces} of it are good. */
    default void onReady(int verifiedPieces) {}

    default void onPieceVerified(int piece) {}

    /** A piece failed its hash check and will be downloaded again. */
    default void onPieceFailed(int piece) {}

    /** Every selected piece is verified. */
    default void onDone() {}

    default void onPeerConnected(InetSocketAddress peer) {}

    default void onPeerDisconnected(InetSocketAddress peer) {}

    /** A peer was banned for sending bad data repeatedly. */
    default void onPeerBanned(InetSocketAddress peer) {}

    /**
     * A problem the torrent goes on despite: a tracker failing, a magnet link's metadata not
     * coming from the connected peers, resume data not saved.
     */
    default void onWarning(String message) {}

    /** A fatal error: the torrent stopped (e.g. the disk failed), or never started (its metadata could not be had). */
    default void onError(Throwable error) {}
}

package org.webtorrent4j.client;

import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.webtorrent4j.client.picker.Block;
import org.webtorrent4j.swarm.PeerLink;
import org.webtorrent4j.wire.Request;
import org.webtorrent4j.wire.Wire;

/**
 * What a torrent knows of one connected peer. Confined to the torrent's executor; the wire
 * itself lives on the link's event loop and is only reached through {@link #onWire}.
 */
final class Peer {
    final PeerLink link;
    final BitSet has = new BitSet();
    boolean hasAll;
    boolean handshaken;
    byte[] peerId;
    boolean peerChoking = true;
    boolean peerInterested;
    boolean amChoking = true;
    boolean amInterested;
    int maxRequests = 250;
    /** The port it accepts connections on, from its extended handshake (0: unknown). */
    int listenPort;
    final Set<Block> requested = new LinkedHashSet<>();
    /**
     * Its requests waiting to be read and sent: no more than its wire lets it have pending, as a
     * cancel takes one out and a choke those it may no longer make.
     */
    final Set<Request> toServe = new LinkedHashSet<>();
    /** Whether it is in the torrent's queue of peers to serve (once at most). */
    boolean hasUploadTurn;
    /** Pieces it may request while we choke it (BEP 6 allowed fast), set at its handshake. */
    Set<Integer> allowedFastForPeer = Set.of();
    /** Pieces we may request while it chokes us. */
    final Set<Integer> allowedFastForUs = new HashSet<>();
    /** Bytes in each direction since the last choke round, for the choker's rates. */
    long downloadedThisRound;
    long uploadedThisRound;
    long lastBlockNanos = System.nanoTime();
    /** Blocks of pieces that later failed their hash check. */
    int badPieces;
    boolean banned;
    boolean closed;

    Peer(PeerLink link) {
        this.link = link;
    }

    InetSocketAddress address() {
        return link.remote();
    }

    /**
     * Runs an action on the wire's event loop: at once when already there (a connection we dialed
     * shares the torrent's loop), so requests made while a read is parsed leave in its flush.
     */
    void onWire(Consumer<Wire> action) {
        if (link.loop().inEventLoop()) {
            if (!link.wire().isClosed()) {
                action.accept(link.wire());
            }
        } else {
            link.loop().execute(() -> onWire(action));
        }
    }

    /** The pieces the peer has, or null for "every piece" (the picker's convention). */
    BitSet pieces() {
        return hasAll ? null : has;
    }

    /** Whether it may request the piece now: unchoked, or the piece is allowed fast for it. */
    boolean mayRequest(int piece) {
        return !amChoking || allowedFastForPeer.contains(piece);
    }

    /** The pieces allowed fast for us that it has. */
    BitSet allowedFastPieces() {
        BitSet pieces = new BitSet();
        for (int piece : allowedFastForUs) {
            if (hasPiece(piece)) {
                pieces.set(piece);
            }
        }
        return pieces;
    }

    boolean hasPiece(int piece) {
        return hasAll || has.get(piece);
    }
}

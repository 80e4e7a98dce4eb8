package org.webtorrent4j.client;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.webtorrent4j.metadata.MetadataFetcher;
import org.webtorrent4j.metadata.UtMetadata;
import org.webtorrent4j.swarm.PeerLink;
import org.webtorrent4j.swarm.SwarmTorrent;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;

/**
 * A magnet link's first phase: connections of the torrent only fetch its info dictionary (BEP 9)
 * from peers that have it. Once it is verified, these connections are closed and the torrent
 * proper takes over, dialing the same peers again.
 */
final class MetadataPhase implements SwarmTorrent {
    private final byte[] infoHash;
    private final MetadataFetcher fetcher;
    private final Set<PeerLink> links = ConcurrentHashMap.newKeySet();
    private volatile boolean finished;

    MetadataPhase(byte[] infoHash) {
        this.infoHash = infoHash.clone();
        this.fetcher = new MetadataFetcher(this.infoHash);
    }

    MetadataFetcher fetcher() {
        return fetcher;
    }

    @Override
    public byte[] infoHash() {
        return infoHash.clone();
    }

    @Override
    public boolean wantsPeers() {
        return !finished;
    }

    @Override
    public WireListener onConnection(PeerLink link) {
        links.add(link);
        link.wire().use(new UtMetadata(fetcher));
        return new WireListener() {
            @Override
            public void onHandshake(Wire wire, Handshake handshake) {
                if (wire.isFast()) {
                    wire.haveNone(); // we have no piece yet, and do not even know how many there are
                }
            }

            @Override
            public void onClose(Wire wire, CloseReason reason, Throwable cause) {
                links.remove(link);
            }
        };
    }

    /** Closes every connection of this phase. */
    void finish() {
        finished = true;
        for (PeerLink link : links) {
            link.loop().execute(link.wire()::close);
        }
    }
}

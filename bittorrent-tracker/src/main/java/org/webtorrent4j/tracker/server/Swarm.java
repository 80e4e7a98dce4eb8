package org.webtorrent4j.tracker.server;

import org.webtorrent4j.tracker.Id20;

/** One torrent's peers: IPv4, IPv6 and WebSocket peers kept apart, and its counters. */
final class Swarm {
    static final class IpPeer extends PeerTable.Entry<AddressKey> {
        IpPeer(AddressKey key) {
            super(key);
        }
    }

    static final class WsPeer extends PeerTable.Entry<Id20> {
        WsConnection connection;

        WsPeer(Id20 peerId) {
            super(peerId);
            this.peerId = peerId;
        }
    }

    final Id20 infoHash;
    final PeerTable<AddressKey, IpPeer> v4 = new PeerTable<>();
    final PeerTable<AddressKey, IpPeer> v6 = new PeerTable<>();
    final PeerTable<Id20, WsPeer> ws = new PeerTable<>();
    long seeders;
    long leechers;
    long downloaded;

    Swarm(Id20 infoHash) {
        this.infoHash = infoHash;
    }

    int size() {
        return v4.size() + v6.size() + ws.size();
    }

    void count(PeerTable.Entry<?> p, int delta) {
        if (p.seeder) {
            seeders += delta;
        } else {
            leechers += delta;
        }
    }
}

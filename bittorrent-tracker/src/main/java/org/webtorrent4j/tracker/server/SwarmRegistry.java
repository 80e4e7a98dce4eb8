package org.webtorrent4j.tracker.server;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerFailureException;

/**
 * Every swarm of a tracker, transport-free: announce, scrape, expiry and statistics. Not
 * thread-safe by design: one event loop owns it, so the hot path takes no lock.
 */
final class SwarmRegistry {
    private final TrackerServerOptions options;
    private final HashMap<Id20, Swarm> swarms = new HashMap<>();
    private final SplittableRandom random = new SplittableRandom();
    long httpAnnounces;
    long udpAnnounces;
    long wsAnnounces;
    long scrapes;
    long rejected;

    SwarmRegistry(TrackerServerOptions options) {
        this.options = options;
    }

    /** Peers to hand out for a request's numwant (-1: the default), within the cap. */
    int numwant(int requested) {
        return Math.min(requested < 0 ? options.defaultNumwant() : requested, options.maxNumwant());
    }

    /** The outcome of an HTTP or UDP announce: the swarm (null when a stopped peer's swarm is gone) and the peer. */
    record IpAnnounce(Swarm swarm, Swarm.IpPeer self, PeerTable<AddressKey, Swarm.IpPeer> own,
            PeerTable<AddressKey, Swarm.IpPeer> other) {}

    /**
     * An HTTP or UDP announce from the peer at {@code compact} (source address and announced
     * port). The caller then samples peers from {@code own} (same family) and, for HTTP,
     * {@code other} (the other family, for {@code peers6}), excluding {@code self}.
     */
    IpAnnounce announceIp(Id20 infoHash, Id20 peerId, byte[] compact, long left, AnnounceEvent event, long now) {
        Swarm swarm = swarm(infoHash, event);
        if (swarm == null) {
            return new IpAnnounce(null, null, null, null);
        }
        boolean v6 = compact.length == 18;
        PeerTable<AddressKey, Swarm.IpPeer> own = v6 ? swarm.v6 : swarm.v4;
        Swarm.IpPeer self = upsert(swarm, own, new AddressKey(compact), compact, Swarm.IpPeer::new, peerId, left, event, now);
        removeIfEmpty(swarm);
        return new IpAnnounce(swarm, self, own, v6 ? swarm.v4 : swarm.v6);
    }

    /** A random start for sampling peers. */
    int randomStart() {
        return random.nextInt();
    }

    /** A WebSocket announce; {@code out} receives the peers that get one offer each. */
    Swarm announceWs(Id20 infoHash, Id20 peerId, long left, AnnounceEvent event, int offers, WsConnection connection,
            long now, Consumer<Swarm.WsPeer> out) {
        Swarm swarm = swarm(infoHash, event);
        if (swarm == null) {
            return null;
        }
        Swarm.WsPeer self = upsert(swarm, swarm.ws, peerId, null, Swarm.WsPeer::new, peerId, left, event, now);
        if (self != null) {
            self.connection = connection;
        }
        if (event != AnnounceEvent.STOPPED) {
            swarm.ws.sample(Math.min(offers, options.maxNumwant()), random.nextInt(), self, p -> {
                if (!p.peerId.equals(peerId)) {
                    out.accept(p);
                }
            });
        }
        removeIfEmpty(swarm);
        return swarm;
    }

    /** The WebSocket peer {@code peerId} of a swarm, or null. */
    Swarm.WsPeer wsPeer(Id20 infoHash, Id20 peerId) {
        Swarm s = swarms.get(infoHash);
        return s == null ? null : s.ws.get(peerId);
    }

    /** Drops a closed WebSocket's peer from the swarms it announced to. */
    void removeWsConnection(Iterable<WebSocketTrackerHandler.Announced> announced, WsConnection connection) {
        for (WebSocketTrackerHandler.Announced a : announced) {
            Swarm s = swarms.get(a.infoHash());
            Swarm.WsPeer p = s == null ? null : s.ws.get(a.peerId());
            if (p != null && p.connection == connection) {
                s.ws.remove(p);
                s.count(p, -1);
                removeIfEmpty(s);
            }
        }
    }

    ScrapeStats scrape(Id20 infoHash) {
        Swarm s = swarms.get(infoHash);
        return s == null ? new ScrapeStats(0, 0, 0) : new ScrapeStats(s.seeders, s.downloaded, s.leechers);
    }

    /** Figures for each given torrent, in the order given, repeats included (a BEP 15 reply is read by position). */
    List<ScrapeStats> scrapeEach(List<Id20> infoHashes) {
        scrapes++;
        return infoHashes.stream().map(this::scrape).toList();
    }

    /** Figures for the given torrents, or for up to {@code limit} torrents when none are given. */
    Map<Id20, ScrapeStats> scrape(List<Id20> infoHashes, int limit) {
        scrapes++;
        Map<Id20, ScrapeStats> out = new LinkedHashMap<>();
        if (infoHashes.isEmpty()) {
            for (Swarm s : swarms.values()) {
                if (out.size() == limit) {
                    break;
                }
                out.put(s.infoHash, scrape(s.infoHash));
            }
        } else {
            infoHashes.forEach(h -> out.put(h, scrape(h)));
        }
        return out;
    }

    /** Drops peers not heard from within the peer timeout, and empty swarms. */
    void expire(long now) {
        long cutoff = now - options.peerTimeout().toMillis();
        Iterator<Swarm> it = swarms.values().iterator();
        while (it.hasNext()) {
            Swarm s = it.next();
            s.v4.expire(cutoff, p -> s.count(p, -1));
            s.v6.expire(cutoff, p -> s.count(p, -1));
            s.ws.expire(cutoff, p -> s.count(p, -1));
            if (s.size() == 0) {
                it.remove();
            }
        }
    }

    TrackerStats stats() {
        long seeders = 0;
        long leechers = 0;
        long v4 = 0;
        long v6 = 0;
        long ws = 0;
        for (Swarm s : swarms.values()) {
            seeders += s.seeders;
            leechers += s.leechers;
            v4 += s.v4.size();
            v6 += s.v6.size();
            ws += s.ws.size();
        }
        return new TrackerStats(swarms.size(), seeders + leechers, seeders, leechers, v4, v6, ws, httpAnnounces,
                udpAnnounces, wsAnnounces, scrapes, rejected);
    }

    private Swarm swarm(Id20 infoHash, AnnounceEvent event) {
        Swarm s = swarms.get(infoHash);
        if (s != null) {
            return s;
        }
        if (!options.allowInfoHash().test(infoHash)) {
            throw new TrackerFailureException("info_hash not allowed");
        }
        if (event == AnnounceEvent.STOPPED) {
            return null;
        }
        if (swarms.size() >= options.maxSwarms()) {
            throw new TrackerFailureException("tracker is full");
        }
        s = new Swarm(infoHash);
        swarms.put(infoHash, s);
        return s;
    }

    private void removeIfEmpty(Swarm s) {
        if (s.size() == 0) {
            swarms.remove(s.infoHash);
        }
    }

    /** Adds, updates or (stopped) removes a peer; returns it, or null when removed or not stored. */
    private <K, P extends PeerTable.Entry<K>> P upsert(Swarm swarm, PeerTable<K, P> table, K key, byte[] compact,
            Function<K, P> factory, Id20 peerId, long left, AnnounceEvent event, long now) {
        P p = table.get(key);
        if (event == AnnounceEvent.STOPPED) {
            if (p != null) {
                table.remove(p);
                swarm.count(p, -1);
            }
            return null;
        }
        boolean seeder = left == 0;
        if (p == null) {
            if (swarm.size() >= options.maxPeersPerSwarm()) {
                return null; // answered, but not stored: the swarm is at its cap
            }
            p = factory.apply(key);
            p.seeder = seeder;
            table.add(p, compact);
            swarm.count(p, 1);
            if (event == AnnounceEvent.COMPLETED) {
                swarm.downloaded++;
            }
        } else if (p.seeder != seeder && left != Long.MAX_VALUE) { // unknown left keeps the state
            swarm.count(p, -1);
            p.seeder = seeder;
            swarm.count(p, 1);
            if (seeder && event == AnnounceEvent.COMPLETED) {
                swarm.downloaded++;
            }
        }
        p.peerId = peerId;
        p.lastSeen = now;
        return p;
    }
}

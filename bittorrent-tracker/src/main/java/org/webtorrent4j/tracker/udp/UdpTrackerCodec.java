package org.webtorrent4j.tracker.udp;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.CompactPeers;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ScrapeStats;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.TrackerProtocolException;

/**
 * Encodes and decodes BEP 15 packets: requests on the tracker side, replies on the client side.
 * Decoding never reads past the buffer's limit and rejects truncated packets with a typed error.
 */
public final class UdpTrackerCodec {
    /** The magic constant of a connect request. */
    public static final long PROTOCOL_ID = 0x41727101980L;
    public static final int ACTION_CONNECT = 0;
    public static final int ACTION_ANNOUNCE = 1;
    public static final int ACTION_SCRAPE = 2;
    public static final int ACTION_ERROR = 3;
    /** Most info-hashes in one scrape: 74 keeps a reply inside a 1 KiB-ish datagram (BEP 15). */
    public static final int MAX_SCRAPE_HASHES = 74;
    public static final int ANNOUNCE_REQUEST_LENGTH = 98;
    /** Longest error message a tracker sends. */
    public static final int MAX_ERROR_LENGTH = 1024;

    private UdpTrackerCodec() {}

    // ---- tracker side -------------------------------------------------------------------

    /**
     * Decodes a client's request: connect, announce (BEP 41 options after byte 98 are ignored) or
     * scrape. Reads from the buffer's position to its limit.
     */
    public static UdpPacket decodeRequest(ByteBuffer in) {
        if (in.remaining() < 16) {
            throw new TrackerProtocolException("UDP request of " + in.remaining() + " bytes is shorter than 16");
        }
        long connectionId = in.getLong();
        int action = in.getInt();
        int txid = in.getInt();
        switch (action) {
            case ACTION_CONNECT -> {
                if (connectionId != PROTOCOL_ID) {
                    throw new TrackerProtocolException("connect request without the protocol id");
                }
                return new UdpPacket.ConnectRequest(txid);
            }
            case ACTION_ANNOUNCE -> {
                if (in.remaining() < ANNOUNCE_REQUEST_LENGTH - 16) {
                    throw new TrackerProtocolException("truncated UDP announce: " + (in.remaining() + 16) + " bytes");
                }
                Id20 infoHash = id(in);
                Id20 peerId = id(in);
                long downloaded = in.getLong();
                long left = in.getLong();
                long uploaded = in.getLong();
                AnnounceEvent event = AnnounceEvent.fromUdpCode(in.getInt());
                int ip = in.getInt();
                int key = in.getInt();
                int numwant = in.getInt();
                int port = in.getShort() & 0xffff;
                InetAddress claimed = ip == 0 ? null : CompactPeers.address(ByteBuffer.allocate(4).putInt(ip).array());
                return new UdpPacket.Announce(connectionId, txid, new AnnounceRequest(infoHash, peerId, port,
                        Math.max(0, uploaded), Math.max(0, downloaded), left < 0 ? Long.MAX_VALUE : left, event,
                        numwant, key, claimed, null));
            }
            case ACTION_SCRAPE -> {
                int n = in.remaining() / Id20.LENGTH;
                if (n == 0 || in.remaining() % Id20.LENGTH != 0) {
                    throw new TrackerProtocolException("UDP scrape needs whole 20-byte info-hashes, got "
                            + in.remaining() + " bytes");
                }
                if (n > MAX_SCRAPE_HASHES) {
                    throw new TrackerProtocolException("UDP scrape of " + n + " info-hashes exceeds " + MAX_SCRAPE_HASHES);
                }
                List<Id20> hashes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    hashes.add(id(in));
                }
                return new UdpPacket.Scrape(connectionId, txid, hashes);
            }
            default -> throw new TrackerProtocolException("unknown UDP action " + action);
        }
    }

    public static void encodeConnectResponse(int txid, long connectionId, ByteBuffer out) {
        out.putInt(ACTION_CONNECT).putInt(txid).putLong(connectionId);
    }

    /** Writes the fixed part of an announce reply; the caller appends compact peers. */
    public static void encodeAnnounceReplyHeader(int txid, int interval, long leechers, long seeders, ByteBuffer out) {
        out.putInt(ACTION_ANNOUNCE).putInt(txid).putInt(interval).putInt(u32(leechers)).putInt(u32(seeders));
    }

    public static void encodeScrapeReply(UdpPacket.ScrapeReply r, ByteBuffer out) {
        out.putInt(ACTION_SCRAPE).putInt(r.transactionId());
        for (ScrapeStats s : r.stats()) {
            out.putInt(u32(s.complete())).putInt(u32(s.downloaded())).putInt(u32(s.incomplete()));
        }
    }

    public static void encodeError(int txid, String message, ByteBuffer out) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        out.putInt(ACTION_ERROR).putInt(txid).put(m, 0, Math.min(m.length, Math.min(MAX_ERROR_LENGTH, out.remaining())));
    }

    // ---- client side --------------------------------------------------------------------

    public static byte[] encodeConnect(int txid) {
        return ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(ACTION_CONNECT).putInt(txid).array();
    }

    public static byte[] encodeAnnounce(long connectionId, int txid, AnnounceRequest r) {
        ByteBuffer b = ByteBuffer.allocate(ANNOUNCE_REQUEST_LENGTH);
        b.putLong(connectionId).putInt(ACTION_ANNOUNCE).putInt(txid);
        b.put(r.infoHash().toBytes()).put(r.peerId().toBytes());
        b.putLong(r.downloaded()).putLong(r.left()).putLong(r.uploaded());
        b.putInt(r.event().udpCode());
        byte[] ip = r.ip() == null ? null : r.ip().getAddress();
        b.putInt(ip != null && ip.length == 4 ? ByteBuffer.wrap(ip).getInt() : 0);
        b.putInt(r.key()).putInt(r.numwant()).putShort((short) r.port());
        return b.array();
    }

    public static byte[] encodeScrape(long connectionId, int txid, List<Id20> hashes) {
        if (hashes.isEmpty() || hashes.size() > MAX_SCRAPE_HASHES) {
            throw new IllegalArgumentException("a UDP scrape takes 1 to " + MAX_SCRAPE_HASHES + " info-hashes");
        }
        ByteBuffer b = ByteBuffer.allocate(16 + Id20.LENGTH * hashes.size());
        b.putLong(connectionId).putInt(ACTION_SCRAPE).putInt(txid);
        for (Id20 h : hashes) {
            b.put(h.toBytes());
        }
        return b.array();
    }

    /**
     * Decodes a tracker's reply. {@code ipv6} says whether the exchange ran over IPv6, which makes
     * announce peers 18 bytes each instead of 6.
     */
    public static UdpPacket decodeReply(ByteBuffer in, boolean ipv6) {
        if (in.remaining() < 8) {
            throw new TrackerProtocolException("UDP reply of " + in.remaining() + " bytes is shorter than 8");
        }
        int action = in.getInt();
        int txid = in.getInt();
        switch (action) {
            case ACTION_CONNECT -> {
                need(in, 8, "connect reply");
                return new UdpPacket.ConnectResponse(txid, in.getLong());
            }
            case ACTION_ANNOUNCE -> {
                need(in, 12, "announce reply");
                int interval = in.getInt();
                long leechers = in.getInt() & 0xffffffffL;
                long seeders = in.getInt() & 0xffffffffL;
                byte[] peers = new byte[in.remaining()];
                in.get(peers);
                List<TrackerPeer> list = CompactPeers.decode(peers, 0, peers.length, ipv6);
                return new UdpPacket.AnnounceReply(txid, new AnnounceResponse(Math.max(0, interval), 0, null,
                        seeders, leechers, list, null));
            }
            case ACTION_SCRAPE -> {
                if (in.remaining() % 12 != 0) {
                    throw new TrackerProtocolException("UDP scrape reply is not whole 12-byte entries");
                }
                List<ScrapeStats> stats = new ArrayList<>(in.remaining() / 12);
                while (in.hasRemaining()) {
                    long complete = in.getInt() & 0xffffffffL;
                    long downloaded = in.getInt() & 0xffffffffL;
                    long incomplete = in.getInt() & 0xffffffffL;
                    stats.add(new ScrapeStats(complete, downloaded, incomplete));
                }
                return new UdpPacket.ScrapeReply(txid, stats);
            }
            case ACTION_ERROR -> {
                byte[] m = new byte[Math.min(in.remaining(), MAX_ERROR_LENGTH)];
                in.get(m);
                return new UdpPacket.Error(txid, new String(m, StandardCharsets.UTF_8));
            }
            default -> throw new TrackerProtocolException("unknown UDP action " + action);
        }
    }

    private static void need(ByteBuffer in, int n, String what) {
        if (in.remaining() < n) {
            throw new TrackerProtocolException("truncated " + what);
        }
    }

    private static Id20 id(ByteBuffer in) {
        byte[] b = new byte[Id20.LENGTH];
        in.get(b);
        return Id20.of(b);
    }

    private static int u32(long v) {
        return (int) Math.max(0, Math.min(0xffffffffL, v));
    }
}

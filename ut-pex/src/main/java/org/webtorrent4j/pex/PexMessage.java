package org.webtorrent4j.pex;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodedDictionary;

/**
 * One BEP 11 message: peers added and dropped since the previous message, IPv4 and IPv6 together.
 * On the wire: {@code added}/{@code added.f}/{@code dropped} with 6-byte compact IPv4 peers and
 * {@code added6}/{@code added6.f}/{@code dropped6} with 18-byte compact IPv6 peers.
 */
public record PexMessage(List<PexPeer> added, List<InetSocketAddress> dropped) {
    private static final BencodeLimits LIMITS = BencodeLimits.DEFAULT.withMaxDepth(4);

    public PexMessage {
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
    }

    /**
     * Decodes a message. Flags missing or of the wrong length count as none; a compact list whose
     * length is not a multiple of the entry size, or a field of the wrong type, is malformed.
     *
     * @throws BencodeException or {@link org.webtorrent4j.bencode.BencodeTypeException} when malformed
     */
    public static PexMessage decode(byte[] payload) {
        return decode(payload, Integer.MAX_VALUE);
    }

    /**
     * As {@link #decode(byte[])}, reading at most {@code maxEntries} peers of each list (the rest
     * is checked for form but never turned into addresses).
     */
    public static PexMessage decode(byte[] payload, int maxEntries) {
        if (!(Bencode.decode(payload, LIMITS) instanceof Map<?, ?> raw)) {
            throw new BencodeException("ut_pex message is not a dictionary", 0);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) raw;
        List<PexPeer> added = new ArrayList<>();
        addPeers(added, dict, "added", "added.f", 4, maxEntries);
        addPeers(added, dict, "added6", "added6.f", 16, maxEntries);
        List<InetSocketAddress> dropped = new ArrayList<>();
        dropped.addAll(compact(BencodedDictionary.bytes(dict, "dropped"), 4, maxEntries));
        dropped.addAll(compact(BencodedDictionary.bytes(dict, "dropped6"), 16, maxEntries));
        return new PexMessage(added, dropped);
    }

    /** How many peers the message adds and drops. */
    public int size() {
        return added.size() + dropped.size();
    }

    public byte[] encode() {
        Map<String, Object> dict = new LinkedHashMap<>();
        encodePeers(dict, "added", "added.f", 4);
        encodePeers(dict, "added6", "added6.f", 16);
        dict.put("dropped", encodeAddresses(dropped, 4));
        dict.put("dropped6", encodeAddresses(dropped, 16));
        return Bencode.encode(dict);
    }

    private void encodePeers(Map<String, Object> dict, String key, String flagsKey, int addressLength) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        for (PexPeer p : added) {
            if (p.address().getAddress().getAddress().length == addressLength) {
                addresses.add(p.address());
                flags.add(p.flags());
            }
        }
        byte[] f = new byte[flags.size()];
        for (int i = 0; i < f.length; i++) f[i] = (byte) (int) flags.get(i);
        dict.put(key, encodeAddresses(addresses, addressLength));
        dict.put(flagsKey, f);
    }

    private static byte[] encodeAddresses(List<InetSocketAddress> addresses, int addressLength) {
        List<InetSocketAddress> picked = new ArrayList<>();
        for (InetSocketAddress a : addresses) {
            if (a.getAddress().getAddress().length == addressLength) picked.add(a);
        }
        byte[] out = new byte[picked.size() * (addressLength + 2)];
        int at = 0;
        for (InetSocketAddress a : picked) {
            System.arraycopy(a.getAddress().getAddress(), 0, out, at, addressLength);
            out[at + addressLength] = (byte) (a.getPort() >>> 8);
            out[at + addressLength + 1] = (byte) a.getPort();
            at += addressLength + 2;
        }
        return out;
    }

    private static void addPeers(List<PexPeer> into, Map<String, Object> dict, String key, String flagsKey, int addressLength,
            int maxEntries) {
        byte[] data = BencodedDictionary.bytes(dict, key);
        byte[] flags = BencodedDictionary.bytes(dict, flagsKey);
        boolean useFlags = data != null && flags != null && flags.length == data.length / (addressLength + 2);
        List<Integer> at = new ArrayList<>();
        List<InetSocketAddress> addresses = compact(data, addressLength, maxEntries, at);
        for (int i = 0; i < addresses.size(); i++) {
            into.add(new PexPeer(addresses.get(i), useFlags ? flags[at.get(i)] & 0xff : 0));
        }
    }

    private static List<InetSocketAddress> compact(byte[] data, int addressLength, int maxEntries) {
        return compact(data, addressLength, maxEntries, new ArrayList<>());
    }

    /** The list's addresses, at most {@code maxEntries}; {@code indexes} gets each one's position in the list. */
    private static List<InetSocketAddress> compact(byte[] data, int addressLength, int maxEntries, List<Integer> indexes) {
        List<InetSocketAddress> out = new ArrayList<>();
        if (data == null) return out;
        int entry = addressLength + 2;
        if (data.length % entry != 0) {
            throw new BencodeException("compact peer list of " + data.length + " bytes is not a multiple of " + entry, 0);
        }
        for (int at = 0; at < data.length && out.size() < maxEntries; at += entry) {
            byte[] ip = java.util.Arrays.copyOfRange(data, at, at + addressLength);
            int port = ((data[at + addressLength] & 0xff) << 8) | (data[at + addressLength + 1] & 0xff);
            try {
                InetAddress address = InetAddress.getByAddress(ip);
                // Java maps ::ffff:a.b.c.d to IPv4; keep such entries in the family they came in.
                if (addressLength == 16 && address instanceof Inet4Address) continue;
                out.add(new InetSocketAddress(address, port));
                indexes.add(at / entry);
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
            }
        }
        return out;
    }
}

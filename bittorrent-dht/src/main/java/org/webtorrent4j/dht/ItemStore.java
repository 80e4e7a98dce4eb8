package org.webtorrent4j.dht;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.dht.krpc.KrpcError;
import org.webtorrent4j.dht.krpc.KrpcQuery;

/**
 * BEP 44 items stored on this node, by target, each kept for {@code ttlMillis} after its last put;
 * at most {@code maxItems} (new targets are refused when full). Validates every put. Not thread-safe.
 */
final class ItemStore {
    /** A stored item; {@code key} is null for an immutable one. */
    record Item(Object value, byte[] key, byte[] signature, long seq, byte[] salt, long expiry) {}

    /** Why a put was refused: a KRPC error code and text. */
    static final class PutRejected extends Exception {
        private static final long serialVersionUID = 1L;
        final int code;

        PutRejected(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final LongSupplier clock;
    private final long ttlMillis;
    private final int maxItems;
    private final Map<NodeId, Item> items = new HashMap<>();
    /** Who stored each target first, and how many targets each host stored: see {@link #MAX_PER_HOST}. */
    private final Map<NodeId, InetAddress> storedBy = new HashMap<>();
    private final HostQuota perHost = new HostQuota(MAX_PER_HOST);

    /**
     * Targets one host may have stored (loopback aside): one address cannot fill the store and
     * lock everyone else out. A publisher's items go to the nodes closest to each, rarely one.
     */
    static final int MAX_PER_HOST = 32;

    ItemStore(LongSupplier clockMillis, long ttlMillis, int maxItems) {
        this.clock = clockMillis;
        this.ttlMillis = ttlMillis;
        this.maxItems = maxItems;
    }

    Item get(NodeId target) {
        Item item = items.get(target);
        return item == null || item.expiry <= clock.getAsLong() ? null : item;
    }

    /** Validates and stores a put from {@code from}; returns the target it was stored under. */
    NodeId put(KrpcQuery.PutItem put, InetAddress from) throws PutRejected {
        byte[] encoded = Bencode.encode(put.value());
        if (encoded.length > MutableItem.MAX_VALUE) {
            throw new PutRejected(KrpcError.MESSAGE_TOO_BIG, "Message (v field) too big.");
        }
        long expiry = clock.getAsLong() + ttlMillis;
        if (!put.mutable()) {
            NodeId target = NodeId.sha1(encoded);
            store(target, new Item(put.value(), null, null, 0, null, expiry), from);
            return target;
        }
        byte[] salt = put.salt() == null ? new byte[0] : put.salt();
        if (salt.length > MutableItem.MAX_SALT) {
            throw new PutRejected(KrpcError.SALT_TOO_BIG, "salt (salt field) too big.");
        }
        if (!MutableItem.verify(put.key(), salt, put.seq(), encoded, put.signature())) {
            throw new PutRejected(KrpcError.INVALID_SIGNATURE, "invalid signature");
        }
        NodeId target = MutableItem.target(put.key(), salt);
        Item old = get(target);
        if (old != null) {
            if (put.cas() != null && put.cas() != old.seq) {
                throw new PutRejected(KrpcError.CAS_MISMATCH, "the CAS hash mismatched, re-read value and try again.");
            }
            if (put.seq() < old.seq || (put.seq() == old.seq && !Arrays.equals(encoded, Bencode.encode(old.value)))) {
                throw new PutRejected(KrpcError.SEQUENCE_TOO_LOW, "sequence number less than current.");
            }
        }
        store(target, new Item(put.value(), put.key(), put.signature(), put.seq(), salt, expiry), from);
        return target;
    }

    private void store(NodeId target, Item item, InetAddress from) throws PutRejected {
        if (!items.containsKey(target)) {
            if (items.size() >= maxItems) {
                expire();
            }
            if (items.size() >= maxItems) {
                throw new PutRejected(KrpcError.SERVER, "item store full");
            }
            if (perHost.isFull(from)) {
                throw new PutRejected(KrpcError.SERVER, "too many items from one host");
            }
            storedBy.put(target, from);
            perHost.add(from);
        }
        items.put(target, item);
    }

    void expire() {
        long now = clock.getAsLong();
        for (var it = items.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().expiry <= now) {
                it.remove();
                perHost.remove(storedBy.remove(e.getKey()));
            }
        }
    }

    int size() {
        return items.size();
    }
}

package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.dht.krpc.KrpcError;
import org.webtorrent4j.dht.krpc.KrpcQuery;

/** BEP 44 items: the specification's test vectors, the storage rules, and put/get over a loopback network. */
class Bep44Test {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] VECTOR_KEY = HEX.parseHex("77ff84905a91936367c01360803104f92432fcd904a43511876df5cdf3e7e548");
    private static final byte[] HELLO = "Hello World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT = "foobar".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIG1 = HEX.parseHex("305ac8aeb6c9c151fa120f120ea2cfb923564e11552d06a5d856091e5e853cff"
            + "1260d3f39e4999684aa92eb73ffd136e6f4f3ecbfda0ce53a1608ecd7ae21f01");
    private static final byte[] SIG2 = HEX.parseHex("6834284b6b24c3204eb2fea824d82f88883a3d95e8b4a21b8c0ded553d17d17d"
            + "df9a8a7104b1258f30bed3787e6cb896fca78c58f8e03b5f18f14951a87d9a08");

    @Test
    void vector1MutableWithoutSalt() {
        assertEquals("3:seqi1e1:v12:Hello World!",
                new String(MutableItem.signedBuffer(null, 1, Bencode.encode(HELLO)), StandardCharsets.US_ASCII));
        MutableItem item = new MutableItem(VECTOR_KEY, null, 1, HELLO, SIG1);
        assertEquals("4a533d47ec9c7d95b1ad75f576cffc641853b750", item.target().toHex());
        assertTrue(item.verify());
    }

    @Test
    void vector2MutableWithSalt() {
        assertEquals("4:salt6:foobar3:seqi1e1:v12:Hello World!",
                new String(MutableItem.signedBuffer(SALT, 1, Bencode.encode(HELLO)), StandardCharsets.US_ASCII));
        MutableItem item = new MutableItem(VECTOR_KEY, SALT, 1, HELLO, SIG2);
        assertEquals("411eba73b6f087ca51a3795d9c8c938d365e32c1", item.target().toHex());
        assertTrue(item.verify());
        assertFalse(new MutableItem(VECTOR_KEY, SALT, 2, HELLO, SIG2).verify(), "another seq");
        assertFalse(new MutableItem(VECTOR_KEY, null, 1, HELLO, SIG2).verify(), "without the salt");
    }

    @Test
    void vector3Immutable() {
        assertEquals("e5f96f6f38320f0f33959cb4d3d656452117aadb", NodeId.sha1(Bencode.encode(HELLO)).toHex());
    }

    @Test
    void keysFromASeedFollowRfc8032AndSignaturesRoundTrip() {
        KeyPair keys = MutableItem.keyPairFromSeed(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                HEX.formatHex(MutableItem.rawPublicKey(keys.getPublic())));
        MutableItem item = MutableItem.sign(keys, SALT, 7, Map.of("x", 1L));
        assertTrue(item.verify());
        byte[] forged = item.signature().clone();
        forged[0] ^= 1;
        assertFalse(new MutableItem(item.publicKey(), SALT, 7, Map.of("x", 1L), forged).verify());
        assertThrows(IllegalArgumentException.class, () -> MutableItem.sign(keys, null, 1, new byte[1001]));
    }

    @Test
    void theStoreEnforcesSignaturesSequenceAndCas() throws Exception {
        AtomicLong now = new AtomicLong();
        ItemStore store = new ItemStore(now::get, 1000, 10);
        KeyPair keys = MutableItem.newKeyPair();
        MutableItem v1 = MutableItem.sign(keys, null, 1, HELLO);
        MutableItem v2 = MutableItem.sign(keys, null, 2, "second".getBytes(StandardCharsets.US_ASCII));
        assertEquals(v1.target(), store.put(put(v1, null), HOST));
        assertEquals(KrpcError.CAS_MISMATCH, assertThrows(ItemStore.PutRejected.class, () -> store.put(put(v2, 5L), HOST)).code);
        store.put(put(v2, 1L), HOST);
        assertEquals(2, store.get(v1.target()).seq());
        assertEquals(KrpcError.SEQUENCE_TOO_LOW, assertThrows(ItemStore.PutRejected.class, () -> store.put(put(v1, null), HOST)).code);
        MutableItem bad = new MutableItem(v2.publicKey(), null, 3, HELLO, v2.signature());
        assertEquals(KrpcError.INVALID_SIGNATURE, assertThrows(ItemStore.PutRejected.class, () -> store.put(put(bad, null), HOST)).code);
        KrpcQuery.PutItem big = new KrpcQuery.PutItem(new byte[8], new byte[1000], null, null, null, null, null);
        assertEquals(KrpcError.MESSAGE_TOO_BIG, assertThrows(ItemStore.PutRejected.class, () -> store.put(big, HOST)).code);
        KrpcQuery.PutItem saltTooLong = new KrpcQuery.PutItem(new byte[8], HELLO, v1.publicKey(), v1.signature(), 1L, new byte[65], null);
        assertEquals(KrpcError.SALT_TOO_BIG, assertThrows(ItemStore.PutRejected.class, () -> store.put(saltTooLong, HOST)).code);
        now.addAndGet(1000);
        assertEquals(null, store.get(v1.target()), "items expire");
    }

    @Test
    void oneHostCannotFillTheStore() throws Exception {
        AtomicLong now = new AtomicLong();
        ItemStore store = new ItemStore(now::get, 1000, 1000);
        for (int i = 0; i < ItemStore.MAX_PER_HOST; i++) {
            store.put(immutable(i), HOST);
        }
        assertEquals(KrpcError.SERVER, assertThrows(ItemStore.PutRejected.class,
                () -> store.put(immutable(-1), HOST)).code, "one host's share is full");
        store.put(immutable(0), HOST); // storing a target again is no new item
        store.put(immutable(-1), InetAddress.getByAddress(new byte[] {10, 0, 0, 2})); // another host still gets in
        store.put(immutable(-2), InetAddress.getLoopbackAddress()); // loopback, where test nodes live, is not capped
        now.addAndGet(1000);
        store.expire();
        store.put(immutable(-3), HOST); // expired items count no more
    }

    /** An address that is only an object here: nothing is sent to it. */
    private static final InetAddress HOST = address(10, 0, 0, 1);

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static KrpcQuery.PutItem immutable(long value) {
        return new KrpcQuery.PutItem(new byte[8], value, null, null, null, null, null);
    }

    private static KrpcQuery.PutItem put(MutableItem item, Long cas) {
        return new KrpcQuery.PutItem(new byte[8], item.value(), item.publicKey(), item.signature(), item.seq(),
                item.salt().length == 0 ? null : item.salt(), cas);
    }

    @Test
    void putAndGetItemsAcrossALoopbackNetwork() throws Exception {
        try (LoopbackNetwork net = new LoopbackNetwork(44).grow(20)) {
            List<Object> value = List.of("hello".getBytes(StandardCharsets.US_ASCII), 42L);
            PutResult immutable = net.nodes.get(1).putImmutable(value).get(30, TimeUnit.SECONDS);
            assertTrue(immutable.stored() > 0);
            Optional<Object> got = net.nodes.get(15).getImmutable(immutable.target()).get(30, TimeUnit.SECONDS);
            assertArrayEquals(Bencode.encode(value), Bencode.encode(got.orElseThrow()));
            assertTrue(net.nodes.get(16).getImmutable(NodeId.random()).get(30, TimeUnit.SECONDS).isEmpty());

            KeyPair keys = MutableItem.newKeyPair();
            MutableItem first = MutableItem.sign(keys, SALT, 1, HELLO);
            assertTrue(net.nodes.get(2).putMutable(first, null).get(30, TimeUnit.SECONDS).stored() > 0);
            MutableItem second = MutableItem.sign(keys, SALT, 2, "again".getBytes(StandardCharsets.US_ASCII));
            assertTrue(net.nodes.get(3).putMutable(second, 1L).get(30, TimeUnit.SECONDS).stored() > 0);
            MutableItem latest = net.nodes.get(17).getMutable(second.publicKey(), SALT).get(30, TimeUnit.SECONDS).orElseThrow();
            assertEquals(2, latest.seq());
            assertArrayEquals("again".getBytes(StandardCharsets.US_ASCII), (byte[]) latest.value());
        }
    }
}

package org.webtorrent4j.dht.krpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.dht.NodeId;
import org.webtorrent4j.dht.NodeInfo;

class KrpcCodecTest {
    private static final byte[] TID = "aa".getBytes(StandardCharsets.US_ASCII);
    private static final NodeId ID = NodeId.of("abcdefghij0123456789".getBytes(StandardCharsets.US_ASCII));
    private static final NodeId HASH = NodeId.of("mnopqrstuvwxyz123456".getBytes(StandardCharsets.US_ASCII));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void encodesTheBep5Examples() {
        assertEquals("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe",
                text(KrpcCodec.encode(new KrpcQuery(TID, ID, false, new KrpcQuery.Ping()))));
        assertEquals("d1:ad2:id20:abcdefghij01234567899:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe",
                text(KrpcCodec.encode(new KrpcQuery(TID, ID, false, new KrpcQuery.GetPeers(HASH, Set.of())))));
        assertEquals("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee",
                text(KrpcCodec.encode(new KrpcError(TID, 201, "A Generic Error Ocurred"))));
    }

    @Test
    void decodesTheBep5AnnouncePeerExample() {
        KrpcMessage m = KrpcCodec.decode(ascii("d1:ad2:id20:abcdefghij012345678912:implied_porti1e9:info_hash20:"
                + "mnopqrstuvwxyz1234564:porti6881e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe"));
        KrpcQuery q = assertInstanceOf(KrpcQuery.class, m);
        assertEquals(ID, q.sender());
        KrpcQuery.AnnouncePeer ap = assertInstanceOf(KrpcQuery.AnnouncePeer.class, q.method());
        assertEquals(HASH, ap.infoHash());
        assertEquals(6881, ap.port());
        assertTrue(ap.impliedPort());
        assertArrayEquals(ascii("aoeusnth"), ap.token());
    }

    @Test
    void decodesAGetPeersResponseWithValuesAndNodes() {
        InetSocketAddress peer = new InetSocketAddress("10.1.2.3", 6881);
        NodeInfo node = new NodeInfo(HASH, new InetSocketAddress("127.0.0.1", 4000));
        NodeInfo node6 = new NodeInfo(ID, new InetSocketAddress("::1", 4001));
        KrpcResponse r = KrpcResponse.of(TID, ID).withToken(ascii("tok")).withValues(List.of(peer))
                .withNodes(List.of(node), List.of(node6)).withExternalAddress(new InetSocketAddress("127.0.0.9", 9));
        KrpcResponse back = assertInstanceOf(KrpcResponse.class, KrpcCodec.decode(KrpcCodec.encode(r)));
        assertEquals(List.of(peer), back.values());
        assertEquals(List.of(node), back.nodes());
        assertEquals(List.of(node6), back.nodes6());
        assertArrayEquals(ascii("tok"), back.token());
        assertEquals(new InetSocketAddress("127.0.0.9", 9), back.externalAddress());
        assertNull(back.value());
    }

    @Test
    void roundTripsEveryQueryMethod() {
        List<KrpcQuery.Method> methods = List.of(new KrpcQuery.Ping(), new KrpcQuery.FindNode(HASH, Set.of("n4", "n6")),
                new KrpcQuery.GetPeers(HASH, Set.of("n6")), new KrpcQuery.AnnouncePeer(HASH, 51413, false, ascii("t")),
                new KrpcQuery.GetItem(HASH, 4L, Set.of()),
                new KrpcQuery.PutItem(ascii("t"), ascii("v"), new byte[32], new byte[64], 3L, ascii("salt"), 2L),
                new KrpcQuery.PutItem(ascii("t"), 12L, null, null, null, null, null));
        for (KrpcQuery.Method method : methods) {
            KrpcQuery q = new KrpcQuery(TID, ID, true, method);
            byte[] bytes = KrpcCodec.encode(q);
            KrpcQuery back = assertInstanceOf(KrpcQuery.class, KrpcCodec.decode(bytes));
            assertTrue(back.readOnly());
            assertEquals(method.getClass(), back.method().getClass());
            assertArrayEquals(bytes, KrpcCodec.encode(back), method.name());
        }
    }

    @Test
    void unknownMethodsDecodeAsUnknown() {
        KrpcQuery q = assertInstanceOf(KrpcQuery.class,
                KrpcCodec.decode(ascii("d1:ad2:id20:abcdefghij0123456789e1:q4:vote1:t2:aa1:y1:qe")));
        assertEquals(new KrpcQuery.Unknown("vote"), q.method());
    }

    @Test
    void malformedInputIsATypedErrorThatKeepsTheTransactionId() {
        KrpcException noId = assertThrows(KrpcException.class,
                () -> KrpcCodec.decode(ascii("d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe")));
        assertArrayEquals(TID, noId.transactionId());
        assertThrows(KrpcException.class, () -> KrpcCodec.decode(ascii("garbage")));
        assertThrows(KrpcException.class, () -> KrpcCodec.decode(ascii("d1:y1:qe")));
        assertThrows(KrpcException.class, () -> KrpcCodec.decode(ascii("d1:t2:aa1:y1:ze")));
        assertThrows(KrpcException.class, () -> KrpcCodec.decode(ascii("d1:rd2:id20:abcdefghij01234567895:nodes3:abce1:t2:aa1:y1:re")));
        assertThrows(KrpcException.class, () -> KrpcCodec.decode(new byte[KrpcCodec.MAX_PACKET + 1]));
        assertThrows(KrpcException.class, () -> KrpcCodec.decode(ascii("d1:ad2:id20:abcdefghij01234567894:porti70000e"
                + "9:info_hash20:mnopqrstuvwxyz1234565:token1:xe1:q13:announce_peer1:t2:aa1:y1:qe")));
    }

    @Test
    void decodesErrors() {
        KrpcError e = assertInstanceOf(KrpcError.class, KrpcCodec.decode(ascii("d1:eli203e4:oopse1:t2:aa1:y1:ee")));
        assertEquals(203, e.code());
        assertEquals("oops", e.message());
    }
}

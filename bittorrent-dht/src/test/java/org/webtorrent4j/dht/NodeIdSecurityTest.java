package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeIdSecurityTest {
    /** The BEP 42 test vectors: IP, random byte, and the id they give (middle bytes are free). */
    @ParameterizedTest
    @CsvSource({
        "124.31.75.21, 5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401",
        "21.75.31.124, 5a3ce9c14e7a08645677bbd1cfe7d8f956d53256",
        "65.23.51.170, a5d43220bc8f112a3d426c84764f8c2a1150e616",
        "84.124.73.14, 1b0321dd1bb1fe518101ceef99462b947a01ff41",
        "43.213.53.83, e56f6cbf5b7c4be0237986d5243b87aa6d51305a"})
    void bep42Vectors(String ip, String id) throws Exception {
        InetAddress address = InetAddress.getByName(ip);
        assertTrue(NodeIdSecurity.isCompliant(NodeId.fromHex(id), address));
        assertFalse(NodeIdSecurity.isCompliant(NodeId.fromHex("00" + id.substring(2)), address));
    }

    @Test
    void generatedIdsAreCompliantAndLocalAddressesExempt() throws Exception {
        Random random = new Random(5);
        InetAddress ip = InetAddress.getByName("203.0.113.7");
        InetAddress v6 = InetAddress.getByName("2001:db8::1");
        for (int i = 0; i < 100; i++) {
            assertTrue(NodeIdSecurity.isCompliant(NodeIdSecurity.generate(ip, random), ip));
            assertTrue(NodeIdSecurity.isCompliant(NodeIdSecurity.generate(v6, random), v6));
        }
        int compliantRandom = 0;
        for (int i = 0; i < 100; i++) {
            compliantRandom += NodeIdSecurity.isCompliant(NodeId.random(random), ip) ? 1 : 0;
        }
        assertTrue(compliantRandom < 5, "random ids are almost never compliant: " + compliantRandom);
        assertTrue(NodeIdSecurity.isCompliant(NodeId.random(random), InetAddress.getByName("127.0.0.1")));
        assertTrue(NodeIdSecurity.isCompliant(NodeId.random(random), InetAddress.getByName("192.168.1.2")));
        assertEquals(true, NodeIdSecurity.isExempt(InetAddress.getByName("fd00::1")));
    }
}

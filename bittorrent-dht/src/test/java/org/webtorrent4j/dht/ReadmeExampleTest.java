package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README's usage example, kept compiling and working. */
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        DhtOptions.Builder local = DhtOptions.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0);
        try (DhtNode router = DhtNode.start(local.build());
             DhtNode seeder = DhtNode.start(local.bootstrap(List.of(router.localAddress())).build());
             DhtNode leecher = DhtNode.start(local.bootstrap(List.of(router.localAddress())).build())) {
            seeder.bootstrapped().join();
            leecher.bootstrapped().join();
            NodeId infoHash = NodeId.fromHex("c9e15763f722f23e98a29decdfae341b98d53056");
            AnnounceResult announced = seeder.announce(infoHash, 6881).join();
            LookupResult found = leecher.lookup(infoHash, peer -> System.out.println("peer " + peer)).join();
            System.out.println(found.peers() + " after " + found.queries() + " queries");
            assertTrue(announced.stored() > 0);
            assertEquals(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6881)), found.peers());

            PutResult put = seeder.putImmutable("hello".getBytes(StandardCharsets.UTF_8)).join();
            Optional<Object> value = leecher.getImmutable(put.target()).join();
            KeyPair keys = MutableItem.newKeyPair();
            seeder.putMutable(MutableItem.sign(keys, "salt".getBytes(StandardCharsets.UTF_8), 1, 42L), null).join();
            Optional<MutableItem> item = leecher.getMutable(MutableItem.rawPublicKey(keys.getPublic()),
                    "salt".getBytes(StandardCharsets.UTF_8)).join();
            assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), (byte[]) value.orElseThrow());
            assertEquals(42L, item.orElseThrow().value());
        }
    }
}

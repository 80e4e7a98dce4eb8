package org.webtorrent4j.dht;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.testkit.Interop;

/**
 * Our nodes and a python3-libtorrent DHT node, alone on loopback: each side finds what the other
 * announced. Node A is libtorrent's only bootstrap; B joins through A.
 */
@Tag("interop")
class LibtorrentInteropTest {
    private static final InetAddress LOCALHOST = InetAddress.getLoopbackAddress();

    @Test
    void libtorrentAndWeFindEachOthersAnnounces(@TempDir Path saveDir) throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Path python = Interop.assumePythonModule("libtorrent");
        NodeId theirHash = NodeId.random();
        NodeId ourHash = NodeId.random();
        int ourPeerPort = 40_002;
        try (DhtNode a = DhtNode.start(DhtOptions.builder().bindAddress(LOCALHOST).port(0).build());
             DhtNode b = DhtNode.start(DhtOptions.builder().bindAddress(LOCALHOST).port(0)
                     .bootstrap(List.of(a.localAddress())).build())) {
            b.bootstrapped().get(30, TimeUnit.SECONDS);
            int listenPort = Interop.freePort();
            Process lt = new ProcessBuilder(python.toString(), Path.of("src/test/interop/libtorrent_dht.py").toString(),
                    "127.0.0.1:" + a.localAddress().getPort(), Integer.toString(listenPort), theirHash.toHex(),
                    saveDir.toString(), ourHash.toHex(), "90").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(lt.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        System.out.println("libtorrent: " + line);
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    lines.add("EOF " + e);
                }
                lines.add("EOF");
            });
            reader.setDaemon(true);
            reader.start();
            try {
                awaitLine(lines, "ANNOUNCED", 60);
                // libtorrent -> us: its torrent's announce reached our nodes; B finds it through A or libtorrent.
                InetSocketAddress theirPeer = new InetSocketAddress(LOCALHOST, listenPort);
                boolean found = false;
                for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !found && System.nanoTime() < end; ) {
                    found = b.lookup(theirHash).get(30, TimeUnit.SECONDS).peers().contains(theirPeer);
                    if (!found) {
                        Thread.sleep(1000);
                    }
                }
                assertTrue(found, "our lookup found libtorrent's announce");

                // us -> libtorrent: A announces; libtorrent's dht_get_peers reports us.
                assertTrue(a.announce(ourHash, ourPeerPort).get(30, TimeUnit.SECONDS).stored() > 0);
                awaitLine(lines, "PEER 127.0.0.1:" + ourPeerPort, 60);
            } finally {
                lt.destroy();
                lt.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitLine(BlockingQueue<String> lines, String wanted, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            String line = lines.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line.startsWith("EOF") || line.equals("DONE")) {
                break;
            }
            if (line.equals(wanted)) {
                return;
            }
        }
        throw new AssertionError("libtorrent never printed '" + wanted + "'");
    }
}

package org.webtorrent4j.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.dht.DhtNode;
import org.webtorrent4j.dht.DhtOptions;
import org.webtorrent4j.dht.NodeId;
import picocli.CommandLine;

class DhtCommandTest {
    private record Run(int exit, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new WebTorrentCli()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void announceThenLookupOverLoopbackNodes() throws Exception {
        List<DhtNode> nodes = new ArrayList<>();
        try {
            InetAddress lo = InetAddress.getLoopbackAddress();
            nodes.add(DhtNode.start(DhtOptions.builder().bindAddress(lo).port(0).build()));
            for (int i = 0; i < 5; i++) {
                DhtNode n = DhtNode.start(DhtOptions.builder().bindAddress(lo).port(0)
                        .bootstrap(List.of(nodes.get(0).localAddress())).build());
                n.bootstrapped().get(30, TimeUnit.SECONDS);
                nodes.add(n);
            }
            String boot = "127.0.0.1:" + nodes.get(0).localAddress().getPort();
            String hash = NodeId.random().toHex();
            Run announce = cli("dht", "announce", hash, "--port", "7777", "--bind", "127.0.0.1", "--bootstrap", boot);
            assertEquals(0, announce.exit(), announce.err());
            assertTrue(announce.out().startsWith("announced to "), announce.out());
            Run lookup = cli("dht", "lookup", hash, "--bind", "127.0.0.1", "--bootstrap", boot);
            assertEquals(0, lookup.exit(), lookup.err());
            assertEquals("127.0.0.1:7777", lookup.out().strip());
        } finally {
            nodes.forEach(DhtNode::close);
        }
    }

    @Test
    void refusesToGuessABootstrapNode() {
        Run run = cli("dht", "lookup", NodeId.random().toHex(), "--bind", "127.0.0.1");
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("--bootstrap"), run.err());
    }

    @Test
    void rejectsBadArguments() {
        assertNotEquals(0, cli("dht", "lookup", "abc", "--bootstrap", "127.0.0.1:1").exit());
        assertNotEquals(0, cli("dht", "lookup", NodeId.random().toHex(), "--bootstrap", "nocolon").exit());
        assertNotEquals(0, cli("dht", "announce", NodeId.random().toHex(), "--bootstrap", "127.0.0.1:1").exit());
    }
}

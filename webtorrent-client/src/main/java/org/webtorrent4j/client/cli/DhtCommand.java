package org.webtorrent4j.client.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.webtorrent4j.dht.AnnounceResult;
import org.webtorrent4j.dht.DhtNode;
import org.webtorrent4j.dht.DhtOptions;
import org.webtorrent4j.dht.DhtStats;
import org.webtorrent4j.dht.LookupResult;
import org.webtorrent4j.dht.NodeId;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code webtorrent dht node|lookup|announce}: the Mainline DHT from the command line. */
@Command(name = "dht", description = "Mainline DHT (BEP 5): run a node, find peers, announce.",
        mixinStandardHelpOptions = true,
        subcommands = {DhtCommand.NodeCommand.class, DhtCommand.LookupCommand.class, DhtCommand.AnnounceCommand.class})
public final class DhtCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: node, lookup or announce");
    }

    /** Options every DHT subcommand shares (a picocli mixin). */
    static final class NodeOptions {
        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Node to join through (repeatable).")
        List<String> bootstrap = new ArrayList<>();

        @Option(names = "--public-routers", description = "With no --bootstrap, join through the public Mainline routers.")
        boolean publicRouters;

        @Option(names = "--bind", paramLabel = "ADDRESS", description = "Local address to bind (default: ${DEFAULT-VALUE}).")
        String bind = "0.0.0.0";

        @Option(names = "--state", paramLabel = "FILE", description = "Save the routing table here on exit and reload it on start.")
        Path state;

        @Option(names = "--read-only", description = "BEP 43 read-only mode: do not answer queries.")
        boolean readOnly;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up after this long (default: ${DEFAULT-VALUE}).")
        long timeoutSeconds = 60;

        /**
         * Starts a node on {@code port}, waits until it has joined, then runs {@code task} for
         * the exit code; 1 when joining or the task times out.
         */
        int runJoined(CommandSpec spec, int port, String what, NodeTask task) throws Exception {
            try (DhtNode node = DhtNode.start(builder(spec, port, true).build())) {
                node.bootstrapped().get(timeoutSeconds, TimeUnit.SECONDS);
                return task.run(node);
            } catch (TimeoutException e) {
                spec.commandLine().getErr().println(what + " timed out");
                return 1;
            }
        }

        DhtOptions.Builder builder(CommandSpec spec, int port, boolean bootstrapRequired) {
            List<InetSocketAddress> nodes = new ArrayList<>();
            for (String hostPort : bootstrap) {
                nodes.add(parseHostPort(spec, hostPort));
            }
            if (nodes.isEmpty() && publicRouters) {
                nodes.addAll(DhtOptions.PUBLIC_ROUTERS);
            }
            if (nodes.isEmpty() && bootstrapRequired && state == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give --bootstrap HOST:PORT (or --public-routers to use the public Mainline routers)");
            }
            try {
                return DhtOptions.builder().bindAddress(InetAddress.getByName(bind)).port(port).bootstrap(nodes)
                        .stateFile(state).readOnly(readOnly);
            } catch (UnknownHostException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "cannot resolve --bind " + bind);
            }
        }
    }

    /** What a one-shot subcommand does with a joined node. */
    interface NodeTask {
        int run(DhtNode node) throws Exception;
    }

    static InetSocketAddress parseHostPort(CommandSpec spec, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon <= 0) {
                throw new NumberFormatException();
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "expected HOST:PORT, got '" + hostPort + "'");
        }
    }

    static NodeId parseInfoHash(CommandSpec spec, String hex) {
        try {
            return NodeId.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "an info-hash is 40 hex digits: " + hex);
        }
    }

    static String format(InetSocketAddress peer) {
        String ip = peer.getAddress().getHostAddress();
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + peer.getPort();
    }

    @Command(name = "node", mixinStandardHelpOptions = true, description = "Run a DHT node in the foreground until interrupted.")
    static final class NodeCommand implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        NodeOptions common;

        @Option(names = "--port", paramLabel = "P", description = "UDP port (default: ${DEFAULT-VALUE}).")
        int port = 6881;

        @Option(names = "--stats-interval", paramLabel = "SECONDS", description = "Print counters this often (default: ${DEFAULT-VALUE}).")
        long statsSeconds = 60;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            CountDownLatch stop = new CountDownLatch(1);
            DhtNode node = DhtNode.start(common.builder(spec, port, false).build());
            try {
                // Close (and save the state file) inside the hook: the JVM halts once hooks end.
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stop.countDown();
                    node.close();
                }, "dht-shutdown"));
                out.printf("DHT node %s listening on %s%n", node.id(), format(node.localAddress()));
                out.flush();
                while (!stop.await(statsSeconds, TimeUnit.SECONDS)) {
                    DhtStats s = node.stats();
                    out.printf("nodes=%d buckets=%d peers=%d items=%d in=%d out=%d rate-limited=%d malformed=%d%n",
                            s.nodes(), s.buckets(), s.storedPeers(), s.storedItems(), s.packetsIn(), s.packetsOut(),
                            s.rateLimited(), s.malformed());
                    out.flush();
                }
            } finally {
                node.close();
            }
            return 0;
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true, description = "Find peers of an info-hash; prints one ip:port per line.")
    static final class LookupCommand implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        NodeOptions common;

        @Parameters(paramLabel = "INFO-HASH", description = "40 hex digits.")
        String infoHash;

        @Option(names = "--port", paramLabel = "P", description = "Local UDP port (default: ephemeral).")
        int port;

        @Override
        public Integer call() throws Exception {
            NodeId hash = parseInfoHash(spec, infoHash);
            PrintWriter out = spec.commandLine().getOut();
            return common.runJoined(spec, port, "lookup", node -> {
                LookupResult result = node.lookup(hash, peer -> {
                    synchronized (out) {
                        out.println(format(peer));
                        out.flush();
                    }
                }).get(common.timeoutSeconds, TimeUnit.SECONDS);
                spec.commandLine().getErr().printf("%d peers from %d queries%n", result.peers().size(), result.queries());
                return 0;
            });
        }
    }

    @Command(name = "announce", mixinStandardHelpOptions = true, description = "Announce that a peer of an info-hash listens on a port.")
    static final class AnnounceCommand implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        NodeOptions common;

        @Parameters(paramLabel = "INFO-HASH", description = "40 hex digits.")
        String infoHash;

        @Option(names = "--port", paramLabel = "P", required = true, description = "The peer port to announce (0: our UDP port).")
        int port;

        @Option(names = "--dht-port", paramLabel = "P", description = "Local UDP port (default: ephemeral).")
        int dhtPort;

        @Override
        public Integer call() throws Exception {
            NodeId hash = parseInfoHash(spec, infoHash);
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port out of range: " + port);
            }
            return common.runJoined(spec, dhtPort, "announce", node -> {
                AnnounceResult result = node.announce(hash, port).get(common.timeoutSeconds, TimeUnit.SECONDS);
                spec.commandLine().getOut().printf("announced to %d nodes%n", result.stored());
                spec.commandLine().getOut().flush();
                return result.stored() > 0 ? 0 : 1;
            });
        }
    }
}

package org.webtorrent4j.client.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.webtorrent4j.client.ClientOptions;
import org.webtorrent4j.dht.DhtOptions;
import org.webtorrent4j.swarm.SwarmOptions;
import picocli.CommandLine.Option;

/** Options shared by the commands that run a client ({@code download}, {@code seed}). */
final class ClientFlags {
    @Option(names = "--port", paramLabel = "PORT", description = "TCP port to accept peers on (default: any free port).")
    int port;

    @Option(names = "--host", paramLabel = "ADDR", description = "Address to listen on (default: all addresses).")
    String host;

    @Option(names = "--no-dht", description = "Do not use the DHT.")
    boolean noDht;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", converter = PeerAddresses.class,
            description = "DHT node to join through; repeatable (default: the public routers).")
    List<InetSocketAddress> bootstrap = new ArrayList<>();

    @Option(names = "--no-pex", description = "Do not exchange peers with peers (BEP 11).")
    boolean noPex;

    @Option(names = "--upload-limit", paramLabel = "BYTES/S", description = "Upload rate limit (default: none).")
    long uploadLimit;

    @Option(names = "--download-limit", paramLabel = "BYTES/S", description = "Download rate limit (default: none).")
    long downloadLimit;

    ClientOptions options(Path dir) {
        InetSocketAddress listen = host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        List<InetSocketAddress> nodes = bootstrap.isEmpty()
                ? DhtOptions.PUBLIC_ROUTERS
                : bootstrap;
        return ClientOptions.builder()
                .downloadDir(dir)
                .swarm(SwarmOptions.builder().listen(listen).build())
                .dht(!noDht)
                .dhtBootstrap(noDht ? List.of() : nodes)
                .pex(!noPex)
                .uploadLimit(uploadLimit)
                .downloadLimit(downloadLimit)
                .build();
    }
}

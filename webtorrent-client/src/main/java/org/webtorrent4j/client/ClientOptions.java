package org.webtorrent4j.client;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.webtorrent4j.swarm.SwarmOptions;

/**
 * How a {@link WebTorrent} client runs.
 *
 * @param downloadDir default folder for torrents' files
 * @param swarm       listening address, peer id and connection limits
 * @param uploadSlots peers unchoked by tit-for-tat per torrent (one optimistic slot comes on top; default 4)
 * @param hashThreads workers that verify pieces (default: one per core)
 * @param diskThreads workers that read and write piece data (default 2)
 * @param directWrites write verified pieces past the page cache (O_DIRECT) where the file system
 *                     allows it (default true): a download does not evict other files' cached
 *                     pages, and costs less CPU; bytes that are not block-aligned, and file
 *                     systems without O_DIRECT (tmpfs), use ordinary writes
 * @param ioThreads   network event loops (default: one per core); they run native epoll on Linux, NIO elsewhere
 * @param uploadLimit   bytes/s over all torrents, 0 for none (default)
 * @param downloadLimit bytes/s over all torrents, 0 for none (default)
 * @param trackers      announce to the torrents' trackers (default true)
 * @param pex           exchange peers with peers (BEP 11) for public torrents (default true)
 * @param dht           run a DHT node for public torrents (default true)
 * @param dhtBootstrap  DHT nodes to join through (default none: the node then learns only from
 *                      torrents' {@code nodes} and from nodes that contact it; the command line
 *                      passes the public routers)
 * @param dhtPort       UDP port of the DHT node (0: any)
 */
public record ClientOptions(Path downloadDir, SwarmOptions swarm, int uploadSlots, int hashThreads, int diskThreads,
        boolean directWrites, int ioThreads, long uploadLimit, long downloadLimit, boolean trackers, boolean pex, boolean dht,
        List<InetSocketAddress> dhtBootstrap, int dhtPort) {

    public ClientOptions {
        if (uploadLimit < 0 || downloadLimit < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative (0 is none)");
        }
        if (uploadSlots < 0 || hashThreads < 1 || diskThreads < 1 || ioThreads < 1) {
            throw new IllegalArgumentException("upload slots cannot be negative, and each pool needs a thread");
        }
        dhtBootstrap = List.copyOf(dhtBootstrap);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path downloadDir = Path.of(System.getProperty("user.home"), "Downloads");
        private SwarmOptions swarm = SwarmOptions.builder().build();
        private int uploadSlots = 4;
        private int hashThreads = Runtime.getRuntime().availableProcessors();
        private int diskThreads = 2;
        private boolean directWrites = true;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private long uploadLimit;
        private long downloadLimit;
        private boolean trackers = true;
        private boolean pex = true;
        private boolean dht = true;
        private List<InetSocketAddress> dhtBootstrap = List.of();
        private int dhtPort;

        public Builder downloadDir(Path v) { downloadDir = v; return this; }
        public Builder swarm(SwarmOptions v) { swarm = v; return this; }
        public Builder uploadSlots(int v) { uploadSlots = v; return this; }
        public Builder hashThreads(int v) { hashThreads = v; return this; }
        public Builder diskThreads(int v) { diskThreads = v; return this; }
        public Builder directWrites(boolean v) { directWrites = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder uploadLimit(long v) { uploadLimit = v; return this; }
        public Builder downloadLimit(long v) { downloadLimit = v; return this; }
        public Builder trackers(boolean v) { trackers = v; return this; }
        public Builder pex(boolean v) { pex = v; return this; }
        public Builder dht(boolean v) { dht = v; return this; }
        public Builder dhtBootstrap(List<InetSocketAddress> v) { dhtBootstrap = v; return this; }
        public Builder dhtPort(int v) { dhtPort = v; return this; }

        public ClientOptions build() {
            return new ClientOptions(downloadDir, swarm, uploadSlots, hashThreads, diskThreads, directWrites, ioThreads,
                    uploadLimit,
                    downloadLimit, trackers, pex, dht, dhtBootstrap, dhtPort);
        }
    }
}

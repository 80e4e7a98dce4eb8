package org.webtorrent4j.dht;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodeTypeException;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.dht.krpc.CompactAddresses;
import org.webtorrent4j.dht.krpc.KrpcException;

/**
 * What a node saves on close and reloads on start: its id and its routing table, as a bencoded
 * dictionary {@code {id, nodes, nodes6}} in the compact forms of BEP 5 and BEP 32.
 */
record DhtState(NodeId id, List<NodeInfo> nodes) {
    private static final Logger LOG = LoggerFactory.getLogger(DhtState.class);
    /** Largest state file read: far more than 160 buckets of 8 nodes need. */
    static final int MAX_FILE = 1 << 20;

    void save(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id.toBytes());
        m.put("nodes", CompactAddresses.encodeNodes(nodes, false));
        m.put("nodes6", CompactAddresses.encodeNodes(nodes, true));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        Files.write(tmp, Bencode.encode(m));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The saved state, or null when there is none or it is unreadable (a warning is logged). */
    static DhtState load(Path file) {
        if (file == null || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IOException("larger than " + MAX_FILE + " bytes");
            }
            Map<String, Object> m = Bencode.decodeDictionary(Files.readAllBytes(file), BencodeLimits.DEFAULT.withMaxDepth(4)).values();
            byte[] id = BencodedDictionary.bytes(m, "id");
            byte[] v4 = BencodedDictionary.bytes(m, "nodes");
            byte[] v6 = BencodedDictionary.bytes(m, "nodes6");
            List<NodeInfo> nodes = new ArrayList<>();
            if (v4 != null) {
                nodes.addAll(CompactAddresses.decodeNodes(v4, false));
            }
            if (v6 != null) {
                nodes.addAll(CompactAddresses.decodeNodes(v6, true));
            }
            return new DhtState(NodeId.of(id), nodes);
        } catch (IOException | BencodeException | BencodeTypeException | KrpcException | IllegalArgumentException e) {
            LOG.warn("ignoring unreadable DHT state file {}: {}", file, e.getMessage());
            return null;
        }
    }
}

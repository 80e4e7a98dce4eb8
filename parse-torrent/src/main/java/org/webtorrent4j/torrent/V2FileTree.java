package org.webtorrent4j.torrent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Reads a BEP 52 {@code file tree}. Files come out in tree order (keys sorted by their bytes, as
 * bencode requires) and each non-empty file starts on a piece boundary, as in v2 the files do;
 * the gaps are represented by padding entries so that offsets and piece mapping work the same
 * way as for v1 (and as libtorrent lays out v2 torrents). A single-file v2 torrent has no padding.
 */
final class V2FileTree {
    private V2FileTree() {}

    private record Node(List<String> path, Map<String, Object> dict) {}

    static List<TorrentFile> files(Map<String, Object> info, String name, int pieceLength, TorrentLimits limits) {
        Map<String, Object> tree = Fields.dictionary(info, "file tree");
        if (tree == null) {
            throw new InvalidTorrentException("v2 info has no 'file tree'");
        }
        if (tree.isEmpty()) {
            throw new InvalidTorrentException("'file tree' is empty");
        }
        List<TorrentFile> files = new ArrayList<>();
        // Equal roots mean equal content, so equal lengths: one piece layer then serves them all.
        Map<String, TorrentFile> byRoot = new HashMap<>();
        int count = 0;
        long offset = 0;
        Deque<Node> stack = new ArrayDeque<>();
        stack.push(new Node(List.of(), tree));
        boolean singleFile = tree.size() == 1 && isFile(tree.values().iterator().next());
        while (!stack.isEmpty()) {
            Node node = stack.pop();
            String display = String.join("/", node.path());
            if (!node.path().isEmpty()) {
                FilePaths.checkComponent(node.path().get(node.path().size() - 1), "'file tree' entry '" + display + "'");
            }
            Object leaf = node.dict().get("");
            if (leaf == null) {
                if (node.dict().isEmpty()) {
                    throw new InvalidTorrentException("'file tree' folder '" + display + "' is empty");
                }
                pushChildren(node, stack);
                continue;
            }
            if (!(leaf instanceof Map<?, ?>) || node.dict().size() != 1 || node.path().isEmpty()) {
                throw new InvalidTorrentException("'file tree' entry '" + display + "' mixes a file and a folder");
            }
            if (++count > limits.maxFiles()) {
                throw new InvalidTorrentException("more than " + limits.maxFiles() + " files");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> file = (Map<String, Object>) leaf;
            Long length = Fields.integer(file, "length");
            if (length == null) {
                throw new InvalidTorrentException("v2 file '" + display + "' has no 'length'");
            }
            InfoParser.checkLength(length, "v2 file '" + display + "' length");
            InfoParser.checkAttributes(file, display);
            byte[] root = Fields.bytes(file, "pieces root");
            if (length > 0 && (root == null || root.length != 32)) {
                throw new InvalidTorrentException("v2 file '" + display + "' needs a 32-byte 'pieces root'");
            }
            long misalignment = offset % pieceLength;
            if (length > 0 && misalignment != 0) {
                long gap = pieceLength - misalignment;
                files.add(new TorrentFile(List.of(name, ".pad", Long.toString(gap)), gap, offset, true, null));
                offset += gap;
            }
            List<String> full = new ArrayList<>(node.path().size() + 1);
            if (!singleFile) {
                full.add(name);
            }
            full.addAll(node.path());
            TorrentFile added = new TorrentFile(full, length, offset, false, length > 0 ? root : null);
            if (length > 0) {
                TorrentFile same = byRoot.putIfAbsent(HexFormat.of().formatHex(root), added);
                if (same != null && same.length() != length) {
                    throw new InvalidTorrentException("v2 files '" + same.displayPath() + "' and '" + added.displayPath()
                            + "' share a 'pieces root' but not a length");
                }
            }
            files.add(added);
            offset = Math.addExact(offset, length);
        }
        // Like the padding a hybrid torrent's v1 list ends with: the last file of a multi-file
        // torrent also fills its last piece, so v2-only and hybrid torrents map pieces alike.
        if (!singleFile && offset % pieceLength != 0) {
            long gap = pieceLength - offset % pieceLength;
            files.add(new TorrentFile(List.of(name, ".pad", Long.toString(gap)), gap, offset, true, null));
        }
        return files;
    }

    /** Pushes a folder's entries so that they pop in key order (depth-first, sorted). */
    private static void pushChildren(Node node, Deque<Node> stack) {
        List<Map.Entry<String, Object>> children = new ArrayList<>(node.dict().entrySet());
        children.sort(Map.Entry.comparingByKey());
        for (int i = children.size() - 1; i >= 0; i--) {
            Map.Entry<String, Object> child = children.get(i);
            String component = new String(child.getKey().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            List<String> path = new ArrayList<>(node.path());
            path.add(component);
            if (!(child.getValue() instanceof Map<?, ?>)) {
                throw new InvalidTorrentException("'file tree' entry '" + String.join("/", path) + "' is not a dictionary");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> dict = (Map<String, Object>) child.getValue();
            stack.push(new Node(path, dict));
        }
    }

    private static boolean isFile(Object node) {
        return node instanceof Map<?, ?> m && m.size() == 1 && m.get("") instanceof Map<?, ?>;
    }
}

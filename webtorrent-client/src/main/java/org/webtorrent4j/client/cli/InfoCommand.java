package org.webtorrent4j.client.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.webtorrent4j.torrent.InfoHash;
import org.webtorrent4j.torrent.InvalidTorrentException;
import org.webtorrent4j.torrent.Torrent;
import org.webtorrent4j.torrent.TorrentFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code webtorrent info}: describes a .torrent file, magnet link or info-hash, as text or as one
 * JSON object. Invalid input exits with status 1 and one line on stderr, nothing on stdout.
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show what a .torrent file, magnet link or info-hash describes.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<torrent-file|magnet|info-hash>",
            description = "a .torrent file, a magnet link, or a 40-hex / 32-base32 info-hash")
    String input;

    @Option(names = "--json", description = "print one JSON object instead of a summary")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Torrent torrent;
        try {
            torrent = TorrentArgument.load(input);
        } catch (InvalidTorrentException | IOException | UncheckedIOException e) {
            err.println("webtorrent info: " + TorrentArgument.describe(e));
            err.flush();
            return 1;
        }
        out.print(json ? toJson(torrent) + System.lineSeparator() : summary(torrent));
        out.flush();
        return 0;
    }

    /** The JSON document: field names and meanings are part of the command's contract. */
    static Map<String, Object> jsonFields(Torrent t) {
        boolean meta = t.hasMetadata();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("infoHash", t.infoHashV1().map(InfoHash::hex).orElse(null));
        m.put("infoHashV2", t.infoHashV2().map(InfoHash::hex).orElse(null));
        m.put("name", t.name());
        m.put("length", meta ? t.length() : null);
        m.put("pieceLength", meta ? t.pieceLength() : null);
        m.put("lastPieceLength", meta ? t.lastPieceLength() : null);
        m.put("pieceCount", meta ? t.pieceCount() : null);
        m.put("private", meta ? t.isPrivate() : null);
        m.put("created", t.creationDate().map(Object::toString).orElse(null));
        m.put("createdBy", t.createdBy());
        m.put("comment", t.comment());
        m.put("announce", t.announce());
        m.put("urlList", t.urlList());
        List<Map<String, Object>> files = new ArrayList<>();
        for (TorrentFile f : t.userFiles()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("path", f.displayPath());
            file.put("length", f.length());
            file.put("offset", f.offset());
            files.add(file);
        }
        m.put("files", files);
        return m;
    }

    private static String toJson(Torrent t) {
        try {
            return new ObjectMapper().writeValueAsString(jsonFields(t));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps and lists always serialize", e);
        }
    }

    private static String summary(Torrent t) {
        StringBuilder s = new StringBuilder();
        line(s, "Name", t.name() == null ? "(unknown)" : t.name());
        t.infoHashV1().ifPresent(h -> line(s, "Info-hash", h.hex()));
        t.infoHashV2().ifPresent(h -> line(s, "Info-hash v2", h.hex()));
        if (!t.hasMetadata()) {
            line(s, "Metadata", "not present (fetch it from peers to see files and pieces)");
        } else {
            line(s, "Size", t.length() + " bytes (" + human(t.length()) + ")");
            line(s, "Pieces", t.pieceCount() + " x " + human(t.pieceLength()) + ", last " + human(t.lastPieceLength()));
            line(s, "Private", t.isPrivate() ? "yes" : "no");
        }
        t.creationDate().ifPresent(d -> line(s, "Created", d.toString()));
        if (t.createdBy() != null) {
            line(s, "Created by", t.createdBy());
        }
        if (t.comment() != null) {
            line(s, "Comment", t.comment());
        }
        for (int i = 0; i < t.announceTiers().size(); i++) {
            line(s, "Tracker tier " + (i + 1), String.join(", ", t.announceTiers().get(i)));
        }
        for (String seed : t.urlList()) {
            line(s, "Web seed", seed);
        }
        if (t.hasMetadata()) {
            s.append("Files (").append(t.userFiles().size()).append("):").append(System.lineSeparator());
            for (TorrentFile f : t.userFiles()) {
                s.append("  ").append(f.displayPath()).append("  (").append(human(f.length())).append(')')
                        .append(System.lineSeparator());
            }
        }
        return s.toString();
    }

    private static void line(StringBuilder s, String label, String value) {
        s.append(String.format("%-14s %s%n", label + ":", value));
    }

    private static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.2f %s", v, units[u]);
    }
}

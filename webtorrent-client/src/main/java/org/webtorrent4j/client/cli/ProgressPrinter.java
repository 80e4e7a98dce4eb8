package org.webtorrent4j.client.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.webtorrent4j.client.TorrentHandle;

/**
 * Prints a torrent's progress: one self-overwriting bar line on a terminal, plain lines
 * otherwise (logs, pipes).
 */
final class ProgressPrinter {
    private static final int COLUMNS = 80;
    private final PrintWriter out;
    private final boolean terminal;

    ProgressPrinter(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void print(TorrentHandle t) {
        double downRate = t.downloadSpeed();
        double upRate = t.uploadSpeed();
        // Of the selected files only: the rest is never downloaded.
        double progress = t.selectedProgress();
        long left = t.leftBytes();
        long remaining = left == Long.MAX_VALUE ? 0 : left;
        String eta = downRate < 1 || remaining == 0 ? "--" : duration((long) (remaining / downRate));
        String stats = String.format(Locale.ROOT, "%5.1f%%  down %s/s  up %s/s  peers %d  eta %s",
                progress * 100, bytes(downRate), bytes(upRate), t.peerCount(), eta);
        if (terminal) {
            // The line fits 80 columns: a wrapped line would leave a stale row behind each second.
            int width = Math.max(10, Math.min(30, COLUMNS - 4 - stats.length()));
            int filled = (int) Math.round(progress * width);
            // ESC[K clears what a longer previous line left at the end.
            out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + stats + "\033[K");
        } else {
            out.println(stats);
        }
        out.flush();
    }

    /** Ends the bar line on a terminal. */
    void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    static String bytes(double n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        int u = 0;
        while (n >= 1024 && u < units.length - 1) {
            n /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", n, units[u]);
    }

    static String duration(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}

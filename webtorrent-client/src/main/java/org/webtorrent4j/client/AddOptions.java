package org.webtorrent4j.client;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How one torrent is added.
 *
 * @param downloadDir  folder for its files (null: the client's)
 * @param peers        peers to dial at once (e.g. {@code x.pe} of a magnet link, or --peer)
 * @param sequential   download pieces in order (for streaming) instead of rarest first
 * @param inMemory     keep pieces in memory instead of files
 * @param selected     the files to download, as indexes into {@code Torrent.userFiles()} (the list
 *                     {@code webtorrent info} shows); empty: every file, or those of a magnet
 *                     link's {@code so} parameter
 * @param uploadLimit   bytes/s for this torrent, 0 for none (default)
 * @param downloadLimit bytes/s for this torrent, 0 for none (default)
 * @param trackers     more tracker URLs to announce to, as one extra tier
 * @param listeners    listeners registered before anything starts, so that they hear even the
 *                     first events (a tracker failing at once); more may be added to the handle
 */
public record AddOptions(Path downloadDir, List<InetSocketAddress> peers, boolean sequential, boolean inMemory,
        Set<Integer> selected, long uploadLimit, long downloadLimit, List<String> trackers,
        List<TorrentListener> listeners) {

    public AddOptions {
        if (uploadLimit < 0 || downloadLimit < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative (0 is none)");
        }
        peers = List.copyOf(peers);
        trackers = List.copyOf(trackers);
        listeners = List.copyOf(listeners);
        selected = Set.copyOf(selected);
    }

    public static AddOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path downloadDir;
        private List<InetSocketAddress> peers = List.of();
        private boolean sequential;
        private boolean inMemory;
        private Set<Integer> selected = Set.of();
        private long uploadLimit;
        private long downloadLimit;
        private List<String> trackers = List.of();
        private final List<TorrentListener> listeners = new ArrayList<>();

        public Builder downloadDir(Path v) { downloadDir = v; return this; }
        public Builder peers(List<InetSocketAddress> v) { peers = v; return this; }
        public Builder sequential(boolean v) { sequential = v; return this; }
        public Builder inMemory(boolean v) { inMemory = v; return this; }
        public Builder selected(Set<Integer> v) { selected = v; return this; }
        public Builder uploadLimit(long v) { uploadLimit = v; return this; }
        public Builder downloadLimit(long v) { downloadLimit = v; return this; }
        public Builder trackers(List<String> v) { trackers = v; return this; }
        public Builder listener(TorrentListener v) { listeners.add(v); return this; }

        public AddOptions build() {
            return new AddOptions(downloadDir, peers, sequential, inMemory, selected, uploadLimit, downloadLimit,
                    trackers, listeners);
        }
    }
}

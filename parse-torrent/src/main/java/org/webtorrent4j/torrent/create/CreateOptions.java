package org.webtorrent4j.torrent.create;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to put into a torrent besides its data. Immutable; build one with {@link #builder()}.
 *
 * @param name          the torrent's name, or null for the source's file name
 * @param pieceLength   bytes per piece: a power of two from 16 KiB to {@link #MAX_PIECE_LENGTH},
 *                      or 0 to choose with {@link TorrentCreator#autoPieceLength(long)}
 * @param announceTiers tracker URLs, tier by tier (BEP 12); the first URL is also {@code announce}
 * @param urlList       web seed URLs (BEP 19)
 * @param isPrivate     writes {@code private=1} into the info dictionary (BEP 27)
 * @param comment       free text, or null
 * @param createdBy     the creating program, or null to omit
 * @param creationDate  the creation date to write, or empty to omit it
 * @param includeHidden whether files and folders whose name starts with '.' are included
 * @param threads       hashing threads, at least 1
 */
public record CreateOptions(String name, int pieceLength, List<List<String>> announceTiers, List<String> urlList,
                            boolean isPrivate, String comment, String createdBy, Optional<Instant> creationDate,
                            boolean includeHidden, int threads) {

    /** The smallest piece length accepted and chosen: 16 KiB, the BitTorrent block size. */
    public static final int MIN_PIECE_LENGTH = 16 * 1024;
    /** The largest piece length accepted: 64 MiB (the automatic choice stops at 16 MiB). */
    public static final int MAX_PIECE_LENGTH = 64 * 1024 * 1024;
    public static final String DEFAULT_CREATED_BY = "webtorrent4j/0.1.0";

    public CreateOptions {
        if (pieceLength != 0 && (pieceLength < MIN_PIECE_LENGTH || pieceLength > MAX_PIECE_LENGTH
                || Integer.bitCount(pieceLength) != 1)) {
            throw new TorrentCreateException("piece length " + pieceLength + " is not a power of two from "
                    + MIN_PIECE_LENGTH + " to " + MAX_PIECE_LENGTH + " (or 0 for automatic)");
        }
        if (threads < 1) {
            throw new TorrentCreateException("threads must be at least 1, got " + threads);
        }
        if (name != null) {
            FileNames.requireSafe(name, "torrent name");
        }
        List<List<String>> tiers = new ArrayList<>();
        for (List<String> tier : Objects.requireNonNull(announceTiers, "announceTiers")) {
            List<String> urls = tier.stream().map(u -> requireUrl(u, "announce")).toList();
            if (!urls.isEmpty()) {
                tiers.add(urls);
            }
        }
        announceTiers = List.copyOf(tiers);
        urlList = Objects.requireNonNull(urlList, "urlList").stream().map(u -> requireUrl(u, "url-list")).toList();
        creationDate = Objects.requireNonNull(creationDate, "creationDate");
    }

    private static String requireUrl(String url, String what) {
        if (url == null || url.isBlank()) {
            throw new TorrentCreateException(what + " URL is empty");
        }
        String trimmed = url.strip();
        if (trimmed.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new TorrentCreateException(what + " URL contains a control character: " + trimmed.replaceAll("\\p{Cntrl}", "?"));
        }
        return trimmed;
    }

    /** Defaults: automatic name and piece length, no trackers, public, created by webtorrent4j, dated now. */
    public static CreateOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.pieceLength = pieceLength;
        b.announceTiers = new ArrayList<>(announceTiers);
        b.urlList = new ArrayList<>(urlList);
        b.isPrivate = isPrivate;
        b.comment = comment;
        b.createdBy = createdBy;
        b.creationDate = creationDate;
        b.includeHidden = includeHidden;
        b.threads = threads;
        return b;
    }

    /** Builds {@link CreateOptions}; every setter returns the builder. */
    public static final class Builder {
        private String name;
        private int pieceLength;
        private List<List<String>> announceTiers = new ArrayList<>();
        private List<String> urlList = new ArrayList<>();
        private boolean isPrivate;
        private String comment;
        private String createdBy = DEFAULT_CREATED_BY;
        private Optional<Instant> creationDate;
        private boolean includeHidden;
        private int threads = Runtime.getRuntime().availableProcessors();

        private Builder() {}

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Bytes per piece, or 0 for automatic. */
        public Builder pieceLength(int pieceLength) {
            this.pieceLength = pieceLength;
            return this;
        }

        /** Replaces the tracker tiers. */
        public Builder announceTiers(List<List<String>> tiers) {
            this.announceTiers = new ArrayList<>(tiers);
            return this;
        }

        /** Adds one tier of trackers (tried in order, a tier after the previous one fails). */
        public Builder addAnnounceTier(String... urls) {
            this.announceTiers.add(List.of(urls));
            return this;
        }

        public Builder urlList(List<String> urls) {
            this.urlList = new ArrayList<>(urls);
            return this;
        }

        public Builder addUrl(String url) {
            this.urlList.add(url);
            return this;
        }

        public Builder isPrivate(boolean isPrivate) {
            this.isPrivate = isPrivate;
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** The program name to write, or null to write none. */
        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /** The date to write, or empty to write none; unset means the time of {@link #build()}. */
        public Builder creationDate(Optional<Instant> creationDate) {
            this.creationDate = Objects.requireNonNull(creationDate);
            return this;
        }

        public Builder noCreationDate() {
            return creationDate(Optional.empty());
        }

        public Builder includeHidden(boolean includeHidden) {
            this.includeHidden = includeHidden;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public CreateOptions build() {
            Optional<Instant> date = creationDate != null ? creationDate : Optional.of(Instant.now());
            return new CreateOptions(name, pieceLength, announceTiers, urlList, isPrivate, comment, createdBy,
                    date, includeHidden, threads);
        }
    }
}

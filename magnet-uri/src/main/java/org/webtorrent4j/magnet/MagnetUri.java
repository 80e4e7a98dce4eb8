package org.webtorrent4j.magnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * An immutable BitTorrent magnet link.
 *
 * <p>{@link #parse(String)} reads {@code xt} (v1 {@code urn:btih:} in hex or base32, v2
 * {@code urn:btmh:1220...}, both for hybrid torrents, and other URNs), {@code dn}, {@code tr},
 * {@code ws}, {@code xs}, {@code as}, {@code kt}, {@code xl}, {@code x.pe} and BEP 53 {@code so};
 * every other parameter is kept in order and emitted again by {@link #toString()}. Numbered keys
 * such as {@code tr.1} count as their base key. {@code toString()} writes a link that parses to an
 * equal value.
 */
public final class MagnetUri {
    /** Longest link accepted, in characters: far above any real link, it bounds the work per parse. */
    public static final int MAX_LENGTH = 256 * 1024;

    private static final String PREFIX = "magnet:?";
    private static final Pattern NUMBERED_KEY = Pattern.compile("(xt|dn|tr|ws|xs|as|kt|xl|so|x\\.pe)\\.[0-9]+");
    private static final Pattern INTERPRETED_KEY =
            Pattern.compile("(xt|dn|tr|ws|xs|as|kt|xl|so|x\\.pe)(\\.[0-9]+)?");
    private static final String URL_SAFE = ":/@";

    private final List<ExactTopic> exactTopics;
    private final String displayName;
    private final List<String> trackers;
    private final List<String> webSeeds;
    private final List<String> exactSources;
    private final List<String> acceptableSources;
    private final List<String> keywords;
    private final Long exactLength;
    private final List<PeerAddress> peers;
    private final List<IndexRange> selectOnly;
    private final List<Parameter> otherParameters;

    private MagnetUri(Builder b) {
        exactTopics = List.copyOf(b.exactTopics);
        displayName = b.displayName;
        trackers = List.copyOf(b.trackers);
        webSeeds = List.copyOf(b.webSeeds);
        exactSources = List.copyOf(b.exactSources);
        acceptableSources = List.copyOf(b.acceptableSources);
        keywords = List.copyOf(b.keywords);
        exactLength = b.exactLength;
        peers = List.copyOf(b.peers);
        selectOnly = List.copyOf(b.selectOnly);
        otherParameters = List.copyOf(b.otherParameters);
        if (exactTopics.stream().noneMatch(t -> t.kind() != ExactTopic.Kind.OTHER)) {
            throw new InvalidMagnetUriException("magnet link has no BitTorrent xt (urn:btih: or urn:btmh:)");
        }
    }

    /** Parses a magnet link; any problem is an {@link InvalidMagnetUriException} saying what is wrong. */
    public static MagnetUri parse(String link) {
        Objects.requireNonNull(link, "link");
        if (link.length() > MAX_LENGTH) {
            throw new InvalidMagnetUriException("magnet link of " + link.length() + " characters exceeds "
                    + MAX_LENGTH);
        }
        if (!link.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new InvalidMagnetUriException("not a magnet link (must start with 'magnet:?')");
        }
        Builder b = new Builder();
        for (String pair : link.substring(PREFIX.length()).split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawKey = eq < 0 ? pair : pair.substring(0, eq);
            String key = PercentCodec.decode(rawKey, "a parameter name");
            String value = PercentCodec.decode(eq < 0 ? "" : pair.substring(eq + 1), "'" + key + "'");
            String lower = key.toLowerCase(Locale.ROOT);
            String base = NUMBERED_KEY.matcher(lower).matches() ? lower.substring(0, lower.lastIndexOf('.')) : lower;
            b.add(base, key, value);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this link's values, to derive a changed link. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.exactTopics.addAll(exactTopics);
        b.displayName = displayName;
        b.trackers.addAll(trackers);
        b.webSeeds.addAll(webSeeds);
        b.exactSources.addAll(exactSources);
        b.acceptableSources.addAll(acceptableSources);
        b.keywords.addAll(keywords);
        b.exactLength = exactLength;
        b.peers.addAll(peers);
        b.selectOnly.addAll(selectOnly);
        b.otherParameters.addAll(otherParameters);
        return b;
    }

    /** Every {@code xt}, in link order. */
    public List<ExactTopic> exactTopics() {
        return exactTopics;
    }

    /** The first v1 info-hash ({@code urn:btih:}), 20 bytes. */
    public Optional<byte[]> infoHashV1() {
        return firstHash(ExactTopic.Kind.BTIH);
    }

    /** The first v2 info-hash ({@code urn:btmh:}), the 32-byte SHA-256 digest without multihash prefix. */
    public Optional<byte[]> infoHashV2() {
        return firstHash(ExactTopic.Kind.BTMH);
    }

    private Optional<byte[]> firstHash(ExactTopic.Kind kind) {
        return exactTopics.stream().filter(t -> t.kind() == kind).findFirst().map(ExactTopic::hash);
    }

    /** {@code dn}: the suggested name. */
    public Optional<String> displayName() {
        return Optional.ofNullable(displayName);
    }

    /** {@code tr}: tracker URLs in link order. */
    public List<String> trackers() {
        return trackers;
    }

    /** {@code ws}: web seed URLs (BEP 19). */
    public List<String> webSeeds() {
        return webSeeds;
    }

    /** {@code xs}: exact sources, e.g. a URL of the .torrent file. */
    public List<String> exactSources() {
        return exactSources;
    }

    /** {@code as}: acceptable sources (fallback web locations). */
    public List<String> acceptableSources() {
        return acceptableSources;
    }

    /** {@code kt}: search keywords. */
    public List<String> keywords() {
        return keywords;
    }

    /** {@code xl}: exact length in bytes. */
    public OptionalLong exactLength() {
        return exactLength == null ? OptionalLong.empty() : OptionalLong.of(exactLength);
    }

    /** {@code x.pe}: peer addresses to dial directly. */
    public List<PeerAddress> peers() {
        return peers;
    }

    /** {@code so} (BEP 53): selected file index ranges; empty means all files. */
    public List<IndexRange> selectOnly() {
        return selectOnly;
    }

    /** Whether file {@code index} is selected by {@code so} (every file is when there is no {@code so}). */
    public boolean isFileSelected(int index) {
        return selectOnly.isEmpty() || selectOnly.stream().anyMatch(r -> r.contains(index));
    }

    /** Parameters this library does not interpret, in link order. */
    public List<Parameter> otherParameters() {
        return otherParameters;
    }

    /** The encoded link. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(PREFIX);
        for (ExactTopic t : exactTopics) {
            append(s, "xt", t.urn(), URL_SAFE);
        }
        if (displayName != null) {
            append(s, "dn", displayName, "");
        }
        if (exactLength != null) {
            append(s, "xl", exactLength.toString(), "");
        }
        trackers.forEach(v -> append(s, "tr", v, URL_SAFE));
        webSeeds.forEach(v -> append(s, "ws", v, URL_SAFE));
        exactSources.forEach(v -> append(s, "xs", v, URL_SAFE));
        acceptableSources.forEach(v -> append(s, "as", v, URL_SAFE));
        if (!keywords.isEmpty()) {
            s.append(s.length() == PREFIX.length() ? "" : "&").append("kt=");
            s.append(String.join("+", keywords.stream().map(k -> PercentCodec.encode(k, "")).toList()));
        }
        peers.forEach(p -> append(s, "x.pe", p.toString(), ":[]"));
        if (!selectOnly.isEmpty()) {
            append(s, "so", String.join(",", selectOnly.stream().map(IndexRange::toString).toList()), ",");
        }
        otherParameters.forEach(p -> append(s, PercentCodec.encode(p.key(), ""), p.value(), URL_SAFE));
        return s.toString();
    }

    private static void append(StringBuilder s, String key, String value, String safe) {
        if (s.length() > PREFIX.length()) {
            s.append('&');
        }
        s.append(key).append('=').append(PercentCodec.encode(value, safe));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MagnetUri m && exactTopics.equals(m.exactTopics)
                && Objects.equals(displayName, m.displayName) && trackers.equals(m.trackers)
                && webSeeds.equals(m.webSeeds) && exactSources.equals(m.exactSources)
                && acceptableSources.equals(m.acceptableSources) && keywords.equals(m.keywords)
                && Objects.equals(exactLength, m.exactLength) && peers.equals(m.peers)
                && selectOnly.equals(m.selectOnly) && otherParameters.equals(m.otherParameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exactTopics, displayName, trackers, webSeeds, exactSources, acceptableSources, keywords,
                exactLength, peers, selectOnly, otherParameters);
    }

    /** Collects the values of a link; {@link #build()} requires at least one BitTorrent {@code xt}. */
    public static final class Builder {
        private final List<ExactTopic> exactTopics = new ArrayList<>();
        private String displayName;
        private final List<String> trackers = new ArrayList<>();
        private final List<String> webSeeds = new ArrayList<>();
        private final List<String> exactSources = new ArrayList<>();
        private final List<String> acceptableSources = new ArrayList<>();
        private final List<String> keywords = new ArrayList<>();
        private Long exactLength;
        private final List<PeerAddress> peers = new ArrayList<>();
        private final List<IndexRange> selectOnly = new ArrayList<>();
        private final List<Parameter> otherParameters = new ArrayList<>();

        private Builder() {}

        private void add(String base, String key, String value) {
            switch (base) {
                case "xt" -> exactTopic(ExactTopic.parse(value));
                case "dn" -> {
                    if (displayName == null) {
                        displayName = value;
                    }
                }
                case "tr" -> tracker(value);
                case "ws" -> webSeed(value);
                case "xs" -> exactSource(value);
                case "as" -> acceptableSource(value);
                case "kt" -> {
                    for (String k : value.split("[ ,]+")) {
                        if (!k.isEmpty()) {
                            keyword(k);
                        }
                    }
                }
                case "xl" -> exactLength(parseLength(value));
                case "x.pe" -> peer(PeerAddress.parse(value));
                case "so" -> parseSelectOnly(value).forEach(this::selectOnly);
                default -> parameter(key, value);
            }
        }

        private static long parseLength(String value) {
            if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidMagnetUriException("xl '" + value + "' is not a non-negative integer");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) { // 19 digits may still pass Long.MAX_VALUE
                throw new InvalidMagnetUriException("xl '" + value + "' is too large");
            }
        }

        private static List<IndexRange> parseSelectOnly(String value) {
            List<IndexRange> ranges = new ArrayList<>();
            for (String part : value.split(",", -1)) {
                int dash = part.indexOf('-');
                int first = parseIndex(dash < 0 ? part : part.substring(0, dash), value);
                int last = dash < 0 ? first : parseIndex(part.substring(dash + 1), value);
                if (last < first) {
                    throw new InvalidMagnetUriException("so range '" + part + "' ends before it starts");
                }
                ranges.add(new IndexRange(first, last));
            }
            return ranges;
        }

        private static int parseIndex(String text, String value) {
            if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidMagnetUriException("so '" + value + "' is not a list of file indices and ranges");
            }
            return Integer.parseInt(text);
        }

        public Builder exactTopic(ExactTopic topic) {
            exactTopics.add(Objects.requireNonNull(topic));
            return this;
        }

        public Builder infoHashV1(byte[] hash) {
            return exactTopic(ExactTopic.btih(hash));
        }

        public Builder infoHashV2(byte[] hash) {
            return exactTopic(ExactTopic.btmh(hash));
        }

        public Builder displayName(String name) {
            displayName = name;
            return this;
        }

        public Builder tracker(String url) {
            trackers.add(Objects.requireNonNull(url));
            return this;
        }

        public Builder webSeed(String url) {
            webSeeds.add(Objects.requireNonNull(url));
            return this;
        }

        public Builder exactSource(String url) {
            exactSources.add(Objects.requireNonNull(url));
            return this;
        }

        public Builder acceptableSource(String url) {
            acceptableSources.add(Objects.requireNonNull(url));
            return this;
        }

        /** Adds one keyword; keywords cannot contain spaces or commas (they separate keywords). */
        public Builder keyword(String keyword) {
            if (keyword.isEmpty() || keyword.indexOf(' ') >= 0 || keyword.indexOf(',') >= 0) {
                throw new InvalidMagnetUriException("keyword '" + keyword + "' is empty or contains a space or comma");
            }
            keywords.add(keyword);
            return this;
        }

        public Builder exactLength(long length) {
            if (length < 0) {
                throw new InvalidMagnetUriException("xl must not be negative");
            }
            exactLength = length;
            return this;
        }

        public Builder peer(PeerAddress peer) {
            peers.add(Objects.requireNonNull(peer));
            return this;
        }

        public Builder selectOnly(IndexRange range) {
            selectOnly.add(Objects.requireNonNull(range));
            return this;
        }

        /** Adds a parameter this library does not interpret; interpreted keys must use their own method. */
        public Builder parameter(String key, String value) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (INTERPRETED_KEY.matcher(lower).matches()) {
                throw new InvalidMagnetUriException("'" + key + "' is an interpreted key; use its own builder method");
            }
            otherParameters.add(new Parameter(key, value));
            return this;
        }

        public MagnetUri build() {
            return new MagnetUri(this);
        }
    }
}

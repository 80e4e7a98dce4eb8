package org.webtorrent4j.tracker;

import java.util.Map;

/** A scrape answer: figures by info-hash, in the order the tracker gave them. */
public record ScrapeResponse(Map<Id20, ScrapeStats> files) {
    public ScrapeResponse {
        files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }
}

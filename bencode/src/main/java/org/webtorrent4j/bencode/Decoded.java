package org.webtorrent4j.bencode;

/** A value decoded from the front of an input, and the offset just after it. */
public record Decoded(Object value, int end) {}

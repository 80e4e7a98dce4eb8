package org.webtorrent4j.bencode;

import java.util.Arrays;

/** A half-open byte range {@code [start, end)} of an input, e.g. the raw bytes of one value. */
public record Span(int start, int end) {
    public int length() {
        return end - start;
    }

    public byte[] copyOf(byte[] data) {
        return Arrays.copyOfRange(data, start, end);
    }
}

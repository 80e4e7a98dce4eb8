package org.webtorrent4j.wire;

/** A block request: {@code length} bytes of piece {@code index} starting at {@code begin}. */
public record Request(int index, int begin, int length) {}

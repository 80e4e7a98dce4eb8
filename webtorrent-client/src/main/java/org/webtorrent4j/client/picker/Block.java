package org.webtorrent4j.client.picker;

/** A request-sized part of a piece: {@code length} bytes at {@code offset}. */
public record Block(int piece, int offset, int length) {}

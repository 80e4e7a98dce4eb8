package org.webtorrent4j.client.storage;

/** A run of {@code length} bytes at {@code offset} within file number {@code file}. */
public record FileSlice(int file, long offset, int length) {}

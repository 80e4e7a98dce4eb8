package org.webtorrent4j.client.picker;

/**
 * A request-sized part of a piece: {@code length} bytes at {@code offset}.
 * <p>
 * Blocks are hash keys once per block sent or received, so equality is written out: a record's
 * generated {@code equals}/{@code hashCode} is bootstrapped through method handles, which costs a
 * fresh JVM tens of milliseconds on its first connection and the JIT far more code to compile.
 */
public record Block(int piece, int offset, int length) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Block b && b.piece == piece && b.offset == offset && b.length == length;
    }

    @Override
    public int hashCode() {
        return (piece * 31 + offset) * 31 + length;
    }
}

package org.webtorrent4j.wire;

/**
 * A block request: {@code length} bytes of piece {@code index} starting at {@code begin}.
 * <p>
 * Requests are hash keys once per block, so equality is written out: a record's generated
 * {@code equals}/{@code hashCode} is bootstrapped through method handles, which costs a fresh JVM
 * tens of milliseconds on its first connection and the JIT far more code to compile.
 */
public record Request(int index, int begin, int length) {
    @Override
    public boolean equals(Object o) {
        return o instanceof Request r && r.index == index && r.begin == begin && r.length == length;
    }

    @Override
    public int hashCode() {
        return (index * 31 + begin) * 31 + length;
    }
}

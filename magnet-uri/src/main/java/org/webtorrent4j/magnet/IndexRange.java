package org.webtorrent4j.magnet;

/**
 * An inclusive range of file indices from a BEP 53 select-only list ({@code so=0,2,4-6}).
 *
 * @param first first selected index, &gt;= 0
 * @param last  last selected index, &gt;= first
 */
public record IndexRange(int first, int last) {
    public IndexRange {
        if (first < 0 || last < first) {
            throw new InvalidMagnetUriException("bad file index range " + first + "-" + last);
        }
    }

    public static IndexRange of(int index) {
        return new IndexRange(index, index);
    }

    public boolean contains(int index) {
        return index >= first && index <= last;
    }

    /** {@code 4} or {@code 4-6}, as written in a magnet link. */
    @Override
    public String toString() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }
}

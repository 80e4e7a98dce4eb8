package org.webtorrent4j.tracker.server;

import java.util.Arrays;

/** A peer's compact address (6 or 18 bytes) as a map key. */
final class AddressKey {
    final byte[] compact;
    private final int hash;

    AddressKey(byte[] compact) {
        this.compact = compact;
        this.hash = Arrays.hashCode(compact);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressKey k && k.hash == hash && Arrays.equals(k.compact, compact);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}

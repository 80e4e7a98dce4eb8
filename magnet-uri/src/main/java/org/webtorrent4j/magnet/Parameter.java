package org.webtorrent4j.magnet;

import java.util.Objects;

/** A magnet parameter this library does not interpret, kept so that it is emitted again. */
public record Parameter(String key, String value) {
    public Parameter {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (key.isEmpty()) {
            throw new InvalidMagnetUriException("parameter with an empty key");
        }
    }
}

package org.webtorrent4j.magnet;

/**
 * A peer or node address as written in magnet links ({@code x.pe}) and torrents ({@code nodes}):
 * an IPv4 address, an IPv6 address (written in brackets), or a host name, and a port.
 *
 * @param host IPv4 dotted quad, IPv6 address without brackets, or host name
 * @param port 1 to 65535
 */
public record PeerAddress(String host, int port) {
    public PeerAddress {
        if (host == null || host.isEmpty()) {
            throw new InvalidMagnetUriException("peer address has an empty host");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == '[' || c == ']' || c == '/' || c == '@' || c == 0x7f) {
                throw new InvalidMagnetUriException("peer host '" + host + "' contains an invalid character");
            }
        }
        if (port < 1 || port > 65535) {
            throw new InvalidMagnetUriException("peer port " + port + " is not in 1..65535");
        }
    }

    /** Parses {@code host:port}, {@code a.b.c.d:port} or {@code [ipv6]:port}. */
    public static PeerAddress parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new InvalidMagnetUriException("peer address '" + text + "' is not [ipv6]:port");
            }
            host = text.substring(1, close);
            if (host.indexOf(':') < 0) {
                throw new InvalidMagnetUriException("peer address '" + text + "' has no IPv6 address in brackets");
            }
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidMagnetUriException("peer address '" + text + "' has no port");
            }
            host = text.substring(0, colon);
            if (host.indexOf(':') >= 0) {
                throw new InvalidMagnetUriException("peer address '" + text + "': IPv6 addresses must be in brackets");
            }
            port = text.substring(colon + 1);
        }
        return new PeerAddress(host, parsePort(port, text));
    }

    private static int parsePort(String port, String text) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidMagnetUriException("peer address '" + text + "' has a bad port '" + port + "'");
        }
        int value = Integer.parseInt(port);
        if (value < 1 || value > 65535) {
            throw new InvalidMagnetUriException("peer address '" + text + "' has port " + value + ", not in 1..65535");
        }
        return value;
    }

    /** {@code host:port}, with IPv6 hosts in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

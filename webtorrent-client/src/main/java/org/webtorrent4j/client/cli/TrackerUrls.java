package org.webtorrent4j.client.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code --tracker} value: a URL the client can announce to (http, https, udp, ws or
 * wss, with a host). A typo is an error here rather than a tracker silently never asked.
 */
final class TrackerUrls implements ITypeConverter<String> {
    private static final Set<String> SCHEMES = Set.of("http", "https", "udp", "ws", "wss");

    @Override
    public String convert(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new TypeConversionException("'" + value + "' is not a tracker URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme) || uri.getHost() == null) {
            throw new TypeConversionException("'" + value + "' is not a tracker URL (http, https, udp, ws or wss, with a host)");
        }
        return value;
    }
}

package org.webtorrent4j.client.cli;

import java.net.URI;
import java.net.URISyntaxException;
import org.webtorrent4j.tracker.client.TrackerClient;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code --tracker} value by the tracker client's own rules: a typo is an error here
 * rather than a tracker silently never asked.
 */
final class TrackerUrls implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new TypeConversionException("'" + value + "' is not a tracker URL: " + e.getReason());
        }
        String unusable = TrackerClient.unusable(uri);
        if (unusable != null) {
            throw new TypeConversionException(unusable);
        }
        return value;
    }
}

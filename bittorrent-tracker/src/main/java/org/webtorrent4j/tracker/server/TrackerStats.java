package org.webtorrent4j.tracker.server;

/**
 * A snapshot of a {@link TrackerServer}'s state and counters.
 *
 * @param torrents       swarms tracked
 * @param peers          peers tracked (all kinds)
 * @param seeders        peers with nothing left to download
 * @param leechers       the other peers
 * @param peersIPv4      HTTP/UDP peers on IPv4
 * @param peersIPv6      HTTP/UDP peers on IPv6
 * @param peersWebSocket WebSocket (WebRTC) peers
 * @param httpAnnounces  HTTP announces served since start
 * @param udpAnnounces   UDP announces served since start
 * @param wsAnnounces    WebSocket announces served since start
 * @param scrapes        scrapes served since start (all protocols)
 * @param rejected       requests refused or dropped as malformed, unknown or not allowed
 */
public record TrackerStats(int torrents, long peers, long seeders, long leechers, long peersIPv4, long peersIPv6,
        long peersWebSocket, long httpAnnounces, long udpAnnounces, long wsAnnounces, long scrapes, long rejected) {

    public String toJson() {
        return "{\"torrents\":" + torrents + ",\"peersAll\":" + peers + ",\"peersSeederOnly\":" + seeders
                + ",\"peersLeecherOnly\":" + leechers + ",\"peersIPv4\":" + peersIPv4 + ",\"peersIPv6\":" + peersIPv6
                + ",\"peersWebSocket\":" + peersWebSocket + ",\"announces\":{\"http\":" + httpAnnounces + ",\"udp\":"
                + udpAnnounces + ",\"ws\":" + wsAnnounces + "},\"scrapes\":" + scrapes + ",\"rejected\":" + rejected + "}";
    }

    public String toHtml() {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>webtorrent4j tracker</title></head><body>"
                + "<h1>webtorrent4j tracker</h1><table>"
                + row("Torrents", torrents) + row("Peers", peers) + row("Seeders", seeders) + row("Leechers", leechers)
                + row("IPv4 peers", peersIPv4) + row("IPv6 peers", peersIPv6) + row("WebSocket peers", peersWebSocket)
                + row("HTTP announces", httpAnnounces) + row("UDP announces", udpAnnounces)
                + row("WebSocket announces", wsAnnounces) + row("Scrapes", scrapes) + row("Rejected requests", rejected)
                + "</table><p><a href=\"/stats.json\">JSON</a></p></body></html>";
    }

    private static String row(String name, long value) {
        return "<tr><th align=\"left\">" + name + "</th><td>" + value + "</td></tr>";
    }
}

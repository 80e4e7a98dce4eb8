package org.webtorrent4j.client.choke;

/**
 * What the choker knows of one peer at a decision.
 *
 * @param peer          the caller's handle for the peer
 * @param interested    the peer wants data from us
 * @param downloadRate  bytes/s we receive from it (what it gives us)
 * @param uploadRate    bytes/s we send to it (what it takes from us)
 * @param snubbed       it has sent us nothing for a long time although we asked
 */
public record PeerStats<P>(P peer, boolean interested, long downloadRate, long uploadRate, boolean snubbed) {}

package org.webtorrent4j.dht;

/** The outcome of a BEP 44 put: where the item lives and how many nodes acknowledged storing it. */
public record PutResult(NodeId target, int stored) {}

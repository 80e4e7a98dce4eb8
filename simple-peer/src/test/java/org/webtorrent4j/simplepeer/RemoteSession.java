package org.webtorrent4j.simplepeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Java side of a test against a peer in another process (Node or Chromium running
 * peer.js): a {@link Peer} that signals through a {@link Relay} room, and the report the
 * remote peer sends there when it has received everything.
 */
final class RemoteSession implements AutoCloseable {
    static final long JAVA_SEED = 11;
    static final long REMOTE_SEED = 22;

    final String room = UUID.randomUUID().toString();
    final Probe probe = new Probe("java", REMOTE_SEED);
    final Peer peer;
    final CompletableFuture<JsonNode> report = new CompletableFuture<>();
    private final CompletableFuture<RelayClient> client = new CompletableFuture<>();

    RemoteSession(WebRtcEngine engine, Relay relay, boolean javaInitiates) throws Exception {
        // join(), not thenAccept: signals emitted before the client connects keep their order.
        probe.signalSink = s -> client.join().send(SignalJson.encode(s));
        peer = engine.createPeer(javaInitiates, PeerOptions.defaults(), probe);
        client.complete(RelayClient.connect(relay.ws(room), this::onText));
    }

    private void onText(String text) {
        try {
            JsonNode n = SignalJson.JSON.readTree(text);
            if ("report".equals(n.path("type").asText())) {
                report.complete(n);
            } else {
                peer.signal(SignalJson.decode(n));
            }
        } catch (Exception e) {
            report.completeExceptionally(e);
        }
    }

    /**
     * Waits for connect, moves {@code total} bytes each way and checks both ends byte by byte.
     * With {@code afterRemoteStarts}, Java sends only once the remote peer's first bytes arrived.
     */
    void exchange(long total, Duration timeout, boolean afterRemoteStarts, Runnable diagnostics) throws Exception {
        CompletableFuture.anyOf(probe.connected, report).get(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!probe.connected.isDone()) {
            diagnostics.run();
            throw new AssertionError("remote peer failed before connecting: " + report.getNow(null));
        }
        try {
            if (afterRemoteStarts) {
                probe.awaitBytes(1, timeout);
            }
            Transfers.sendPattern(peer, JAVA_SEED, total);
            probe.awaitBytes(total, timeout);
            JsonNode r = report.get(timeout.toSeconds(), TimeUnit.SECONDS);
            assertTrue(r.path("error").isMissingNode(), "remote error: " + r);
            assertEquals(total, r.path("received").asLong(), "bytes the remote peer received: " + r);
            assertEquals(-1, r.path("mismatch").asLong(), "first wrong byte at the remote peer: " + r);
        } catch (Exception | AssertionError e) {
            diagnostics.run();
            throw e;
        }
        assertEquals(total, probe.received());
        assertEquals(-1, probe.firstMismatch(), "first wrong byte at the Java peer");
        assertTrue(probe.errors.isEmpty(), probe.errors.toString());
    }

    @Override
    public void close() {
        peer.close();
        peer.closeFuture().orTimeout(30, TimeUnit.SECONDS).join();
        client.thenAccept(RelayClient::close);
    }
}

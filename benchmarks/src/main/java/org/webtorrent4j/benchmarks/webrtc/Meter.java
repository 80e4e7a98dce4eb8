package org.webtorrent4j.benchmarks.webrtc;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.webtorrent4j.simplepeer.PeerException;
import org.webtorrent4j.simplepeer.PeerListener;
import org.webtorrent4j.simplepeer.Signal;

/** A listener that timestamps connect and the arrival of an expected number of bytes. */
final class Meter implements PeerListener {
    final CompletableFuture<Long> connectedAt = new CompletableFuture<>();
    final CompletableFuture<Long> receivedAllAt = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    volatile Consumer<Signal> signalSink = s -> {};
    private final long expect;
    private long received;

    Meter(long expect) {
        this.expect = expect;
    }

    @Override
    public void onSignal(Signal signal) {
        signalSink.accept(signal);
    }

    @Override
    public void onConnect() {
        connectedAt.complete(System.nanoTime());
    }

    @Override
    public void onData(byte[] data) {
        received += data.length;
        if (received >= expect) {
            receivedAllAt.complete(System.nanoTime());
        }
    }

    @Override
    public void onError(PeerException error) {
        connectedAt.completeExceptionally(error);
        receivedAllAt.completeExceptionally(error);
    }

    @Override
    public void onClose() {
        closed.complete(null);
    }
}

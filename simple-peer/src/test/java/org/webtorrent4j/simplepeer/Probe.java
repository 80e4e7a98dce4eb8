package org.webtorrent4j.simplepeer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A listener that records what a test needs: signals (forwarded to a sink), connect, close,
 * errors, and the received stream checked byte by byte against {@link Pattern}.
 */
final class Probe implements PeerListener {
    final String name;
    final long expectedSeed;
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final List<PeerException> errors = new CopyOnWriteArrayList<>();
    final List<Integer> messageSizes = new CopyOnWriteArrayList<>();
    volatile Consumer<Signal> signalSink = s -> {};

    private long received;
    private long firstMismatch = -1;
    private boolean dataAfterClose;

    Probe(String name, long expectedSeed) {
        this.name = name;
        this.expectedSeed = expectedSeed;
    }

    @Override
    public void onSignal(Signal signal) {
        signalSink.accept(signal);
    }

    @Override
    public void onConnect() {
        connected.complete(null);
    }

    @Override
    public void onData(byte[] data) {
        messageSizes.add(data.length);
        synchronized (this) {
            if (closed.isDone()) {
                dataAfterClose = true;
            }
            for (byte b : data) {
                if (firstMismatch < 0 && b != Pattern.at(expectedSeed, received)) {
                    firstMismatch = received;
                }
                received++;
            }
            notifyAll();
        }
    }

    @Override
    public void onClose() {
        closed.complete(null);
        synchronized (this) {
            notifyAll();
        }
    }

    @Override
    public void onError(PeerException error) {
        errors.add(error);
    }

    synchronized long received() {
        return received;
    }

    synchronized long firstMismatch() {
        return firstMismatch;
    }

    synchronized boolean dataAfterClose() {
        return dataAfterClose;
    }

    /** Waits until {@code n} bytes arrived; fails on timeout or if the peer closed first. */
    synchronized void awaitBytes(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(name + ": received " + received + " of " + n + " bytes in " + timeout
                        + "; errors " + errors);
            }
            if (closed.isDone()) {
                throw new AssertionError(name + ": closed after " + received + " of " + n + " bytes; errors " + errors);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}

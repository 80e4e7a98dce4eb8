package org.webtorrent4j.simplepeer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the native WebRTC machinery shared by {@link Peer}s and the one event loop thread on
 * which all their state lives and all their events are delivered.
 *
 * <p>Why an engine: webrtc-java runs every callback of a {@code PeerConnectionFactory} on one
 * native thread, where nothing may block and no exception may escape; so callbacks only copy
 * what they need and hand it to this loop. The JVM cannot exit while a factory lives, so the
 * engine is {@link AutoCloseable} and closing it closes every peer and disposes its factories.
 *
 * <p>Native memory, webrtc-java 0.14.0: its {@code RTCPeerConnection.close()} never drops the
 * native reference it handed to Java, so peers drop it themselves ({@link PeerConnectionRelease});
 * and the JNI references it leaks with every received message are freed only with the factory's
 * thread, so the engine replaces its factory now and then ({@link FactoryGenerations}). What
 * stays for good is a data channel observer of some 100 bytes per peer.
 */
public final class WebRtcEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebRtcEngine.class);

    private final ScheduledThreadPoolExecutor loop;
    private volatile Thread loopThread;
    private volatile boolean closed;

    /** Peers per native factory before it is replaced (see {@link FactoryGenerations}). */
    static final int PEERS_PER_FACTORY = 1000;
    /** Messages received per native factory before it is replaced: ~10 MB pinned at most. */
    static final long MESSAGES_PER_FACTORY = 100_000;

    // Confined to the loop thread.
    private final Set<Peer> peers = new LinkedHashSet<>();
    private final FactoryGenerations factories;
    private long peersCreated;
    private long connectionsFreed;

    public WebRtcEngine() {
        this(PEERS_PER_FACTORY, MESSAGES_PER_FACTORY);
    }

    /** An engine that replaces its native factory sooner (tests). */
    WebRtcEngine(int peersPerFactory, long messagesPerFactory) {
        this.factories = new FactoryGenerations(peersPerFactory, messagesPerFactory);
        this.loop = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "simple-peer-loop");
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        loop.setRemoveOnCancelPolicy(true);
    }

    /** A new peer; see {@link Peer#Peer(WebRtcEngine, boolean, PeerOptions, PeerListener)}. */
    public Peer createPeer(boolean initiator, PeerOptions options, PeerListener listener) {
        return new Peer(this, initiator, options, listener);
    }

    /** Peers this engine has started so far. */
    public long peersCreated() {
        return call(() -> peersCreated);
    }

    /** Peers not yet closed. */
    public int livePeers() {
        return call(peers::size);
    }

    /** Closes every peer, disposes the native factories and stops the loop. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Runnable shutdown = () -> {
            for (Peer p : List.copyOf(peers)) {
                p.destroy(null);
            }
            factories.close();
        };
        if (Thread.currentThread() == loopThread) {
            shutdown.run();
            loop.shutdown();
            return;
        }
        try {
            loop.submit(shutdown).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("closing the WebRTC engine did not finish cleanly", e);
        }
        loop.shutdown();
        try {
            loop.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isClosed() {
        return closed;
    }

    boolean inLoop() {
        return Thread.currentThread() == loopThread;
    }

    /** Runs a task on the loop; a task that throws is logged, never lost silently. */
    /** Runs the task on the engine's thread; false if the engine is closed and the task was dropped. */
    boolean execute(Runnable task) {
        try {
            loop.execute(() -> runLogged(task));
            return true;
        } catch (RejectedExecutionException e) {
            log.debug("engine closed; dropped a task");
            return false;
        }
    }

    ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return loop.schedule(() -> runLogged(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    private static void runLogged(Runnable task) {
        try {
            task.run();
        } catch (Throwable t) {
            log.error("unexpected failure on the simple-peer loop", t);
        }
    }

    private <T> T call(java.util.concurrent.Callable<T> c) {
        if (inLoop() || loop.isTerminated()) {
            try {
                return c.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        execute(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** Loop only: registers a starting peer and gives it a native factory. */
    PeerConnectionFactory attach(Peer peer) {
        peersCreated++;
        peers.add(peer);
        return factories.acquire(peer);
    }

    /** Loop only: a peer has received a data channel message. */
    void messageReceived(Peer peer) {
        factories.messageReceived(peer);
    }

    /** Loop only: a peer has released its native objects (and freed its connection, or not). */
    void detach(Peer peer, boolean connectionFreed) {
        peers.remove(peer);
        factories.release(peer);
        if (connectionFreed) {
            connectionsFreed++;
        }
    }

    /** Native factories disposed so far (replaced ones, and the last one at close). */
    long factoriesDisposed() {
        return call(factories::disposed);
    }

    /** Native peer connections that closed peers have freed (a diagnostic of the 0.14.0 leak's cure). */
    long connectionsFreed() {
        return call(() -> connectionsFreed);
    }
}

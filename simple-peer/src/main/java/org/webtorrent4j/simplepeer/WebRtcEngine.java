package org.webtorrent4j.simplepeer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.time.Duration;
import java.util.ArrayList;
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
 * engine is {@link AutoCloseable} and closing it closes every peer and disposes the factories.
 *
 * <p>Native memory of a factory grows with every connection it ever made; the engine
 * therefore retires a factory after {@code peersPerFactory} peers (new peers get a fresh one)
 * and disposes the retired one when its last peer closes.
 */
public final class WebRtcEngine implements AutoCloseable {
    /** Peers made by one native factory before it is retired. */
    public static final int DEFAULT_PEERS_PER_FACTORY = 200;

    private static final Logger log = LoggerFactory.getLogger(WebRtcEngine.class);

    private final ScheduledThreadPoolExecutor loop;
    private final int peersPerFactory;
    private volatile Thread loopThread;
    private volatile boolean closed;

    // Confined to the loop thread.
    private final Set<Peer> peers = new LinkedHashSet<>();
    private final List<Generation> retired = new ArrayList<>();
    private Generation current;
    private int factoriesCreated;

    /** One native factory and the peers it serves. */
    static final class Generation {
        final PeerConnectionFactory factory;
        final HeadlessAudioDeviceModule audio;
        int created;
        int live;

        Generation() {
            // The default audio module aborts the JVM on machines without a sound device.
            audio = new HeadlessAudioDeviceModule();
            factory = new PeerConnectionFactory(audio);
        }

        void dispose() {
            factory.dispose();
            audio.dispose();
        }
    }

    public WebRtcEngine() {
        this(DEFAULT_PEERS_PER_FACTORY);
    }

    public WebRtcEngine(int peersPerFactory) {
        if (peersPerFactory < 1) {
            throw new IllegalArgumentException("peersPerFactory must be positive: " + peersPerFactory);
        }
        this.peersPerFactory = peersPerFactory;
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

    /** How many native factories this engine has made so far (they are recycled). */
    public int factoriesCreated() {
        return call(() -> factoriesCreated);
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
            disposeAll();
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
    void execute(Runnable task) {
        try {
            loop.execute(() -> runLogged(task));
        } catch (RejectedExecutionException e) {
            log.debug("engine closed; dropped a task");
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

    /** Loop only: registers a starting peer and gives it the factory to use. */
    Generation attach(Peer peer) {
        if (current == null || current.created >= peersPerFactory) {
            if (current != null) {
                retire(current);
            }
            current = new Generation();
            factoriesCreated++;
        }
        current.created++;
        current.live++;
        peers.add(peer);
        return current;
    }

    /** Loop only: a peer has released its native objects. */
    void detach(Peer peer, Generation gen) {
        peers.remove(peer);
        if (gen == null) {
            return;
        }
        gen.live--;
        if (gen != current && gen.live == 0 && retired.remove(gen)) {
            gen.dispose();
        }
    }

    private void retire(Generation gen) {
        if (gen.live == 0) {
            gen.dispose();
        } else {
            retired.add(gen);
        }
    }

    private void disposeAll() {
        for (Generation g : retired) {
            g.dispose();
        }
        retired.clear();
        if (current != null) {
            current.dispose();
            current = null;
        }
    }
}

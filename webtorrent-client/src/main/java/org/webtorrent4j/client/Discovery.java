package org.webtorrent4j.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.webtorrent4j.dht.DhtNode;
import org.webtorrent4j.dht.NodeId;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.TrackerFailureException;
import org.webtorrent4j.tracker.TrackerPeer;
import org.webtorrent4j.tracker.client.TrackerClient;
import org.webtorrent4j.tracker.client.TrackerClientOptions;
import org.webtorrent4j.tracker.client.TrackerListener;
import org.webtorrent4j.tracker.client.TrackerRuntime;
import org.webtorrent4j.tracker.client.TransferStats;

/**
 * Finds peers for one torrent and tells the world about us: trackers (with the right events)
 * and the DHT (lookups and announces every 15 minutes). PEX and magnet {@code x.pe} peers feed
 * the swarm directly. Every peer found goes to {@code peers}; a tracker's failures and warning
 * messages go to {@code warnings}, each once until it changes or the tracker answers again.
 */
final class Discovery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    private static final long DHT_INTERVAL_MINUTES = 15;
    /** A lookup that found nobody is tried again sooner: the swarm may just be forming. */
    private static final long DHT_RETRY_SECONDS = 60;

    private final byte[] infoHash;
    private final Consumer<List<InetSocketAddress>> peers;
    /** What each tracker last said went wrong, so that a tracker failing on every retry warns once. */
    private final Map<URI, String> trackerProblems = new ConcurrentHashMap<>();
    private final TrackerClient trackers;
    private final DhtNode dht;
    private final int port;
    private final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> dhtTask;
    /** The DHT node bootstrapped and the torrent's own nodes tried. */
    private CompletableFuture<Void> dhtReady;
    /** The data check ended; {@link #completeWhenChecked} says how it found the torrent. */
    private boolean checked;
    /** Every piece was there when checked (BEP 3: then no {@code completed} is ever sent). */
    private boolean completeWhenChecked;
    private boolean completedSent;
    /** {@link #start} was called: a resume joins again, a pause before it keeps it from joining. */
    private boolean started;
    private boolean paused;
    /** A DHT round is under way (it schedules the next when it ends). */
    private boolean roundRunning;
    private boolean closed;

    /**
     * @param tiers    tracker tiers (empty: no tracker)
     * @param dht      the client's DHT node, or null (private torrents, DHT off)
     * @param port     our listening port, announced everywhere
     * @param stats    uploaded, downloaded and left, for tracker announces
     * @param warnings told of trackers' failures and warning messages
     */
    Discovery(byte[] infoHash, byte[] peerId, List<List<URI>> tiers, TrackerRuntime runtime, DhtNode dht, int port,
            Supplier<TransferStats> stats, ScheduledExecutorService scheduler, Consumer<List<InetSocketAddress>> peers,
            Consumer<String> warnings) {
        this.infoHash = infoHash.clone();
        this.peers = peers;
        this.dht = dht;
        this.port = port;
        this.scheduler = scheduler;
        this.trackers = tiers.isEmpty() ? null : TrackerClient.create(TrackerClientOptions.builder(Id20.of(infoHash))
                .peerId(Id20.of(peerId))
                .port(port)
                .tiers(tiers)
                .runtime(runtime)
                .stats(stats)
                .listener(new TrackerListener() {
                    @Override
                    public void onAnnounce(URI tracker, AnnounceResponse response) {
                        trackerProblems.remove(tracker);
                        List<InetSocketAddress> found = new ArrayList<>();
                        for (TrackerPeer p : response.peers()) {
                            found.add(p.address());
                        }
                        if (!found.isEmpty()) {
                            peers.accept(found);
                        }
                    }

                    @Override
                    public void onWarning(URI tracker, String message) {
                        report(tracker, "tracker " + tracker + " warns: " + message);
                    }

                    @Override
                    public void onError(URI tracker, Throwable error) {
                        log.debug("tracker {} failed: {}", tracker, error.toString());
                        if (error instanceof TrackerFailureException failure) {
                            report(tracker, "tracker " + tracker + " answers: " + failure.reason());
                        } else {
                            String why = error.getMessage() != null ? error.getMessage() : error.toString();
                            report(tracker, why.contains(tracker.toString()) ? why : "tracker " + tracker + ": " + why);
                        }
                    }

                    private void report(URI tracker, String problem) {
                        if (!problem.equals(trackerProblems.put(tracker, problem))) {
                            warnings.accept(problem);
                        }
                    }
                })
                .build());
    }

    /** @param dhtNodesPinged settles once the torrent's own DHT nodes were tried: the first lookup waits for it */
    synchronized void start(CompletableFuture<Void> dhtNodesPinged) {
        if (dht != null) {
            dhtReady = CompletableFuture.allOf(dht.bootstrapped(), dhtNodesPinged);
        }
        started = true;
        if (!paused) {
            join();
        }
    }

    /** Announces us: trackers hear {@code started}, and DHT rounds begin. */
    private synchronized void join() {
        if (closed) {
            return;
        }
        if (trackers != null) {
            trackers.start().exceptionally(e -> null);
        }
        if (dht != null && !roundRunning) { // a round still running schedules the next itself
            dhtTask = scheduler.schedule(this::dhtRound, 0, TimeUnit.SECONDS);
        }
    }

    /**
     * The torrent paused (true: trackers hear {@code stopped}, DHT rounds stop) or resumed
     * (false: it joins again), or stopped for good on an error (true).
     */
    synchronized void paused(boolean paused) {
        if (closed || paused == this.paused) {
            return;
        }
        this.paused = paused;
        if (!paused) {
            if (started) {
                join();
            }
            return;
        }
        if (dhtTask != null) {
            dhtTask.cancel(false);
            dhtTask = null;
        }
        if (trackers != null) {
            trackers.stop().exceptionally(e -> null);
        }
    }

    /** Looks the torrent up and announces us on the nodes closest to it. */
    private void dhtRound() {
        synchronized (this) {
            roundRunning = true;
        }
        NodeId id = NodeId.of(infoHash);
        dhtReady.thenCompose(ignored -> dht.lookup(id, peer -> peers.accept(List.of(peer))))
                .thenCompose(found -> dht.announce(id, port).thenApply(ignored -> found.peers().size()))
                .whenComplete((found, error) -> {
                    if (error != null) {
                        log.debug("DHT round failed: {}", error.toString());
                    }
                    boolean nobody = error != null || found == 0;
                    synchronized (this) {
                        roundRunning = false;
                        if (!closed && !paused) {
                            dhtTask = scheduler.schedule(this::dhtRound,
                                    nobody ? DHT_RETRY_SECONDS : TimeUnit.MINUTES.toSeconds(DHT_INTERVAL_MINUTES),
                                    TimeUnit.SECONDS);
                        }
                    }
                });
    }

    /** The existing data was checked: {@code complete} when every piece was there. */
    synchronized void checked(boolean complete) {
        checked = true;
        completeWhenChecked = complete;
    }

    /**
     * Every piece is verified: trackers hear {@code completed}, once, unless the torrent was
     * complete when checked.
     */
    synchronized void completed() {
        if (trackers != null && checked && !completeWhenChecked && !completedSent && !closed) {
            completedSent = true;
            trackers.complete().exceptionally(e -> null);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (dhtTask != null) {
                dhtTask.cancel(false);
            }
        }
        if (trackers != null) {
            trackers.stop().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            trackers.close();
        }
    }
}

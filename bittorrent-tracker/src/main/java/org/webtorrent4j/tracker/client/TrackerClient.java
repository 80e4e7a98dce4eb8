package org.webtorrent4j.tracker.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.AnnounceRequest;
import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.ScrapeResponse;
import org.webtorrent4j.tracker.TrackerException;
import org.webtorrent4j.tracker.ws.WsMessage;

/**
 * Announces one torrent to its trackers (HTTP, UDP, WebSocket) in BEP 12 tier order, re-announces
 * at the interval the answering tracker asks for, and reports everything to one listener.
 *
 * <pre>{@code
 * try (TrackerClient client = TrackerClient.create(TrackerClientOptions.builder(infoHash)
 *         .port(6881).tier("udp://127.0.0.1:6969").listener(listener).build())) {
 *     AnnounceResponse r = client.announce(AnnounceEvent.STARTED).get();
 * }
 * }</pre>
 *
 * <p>State is confined to the runtime's event loop; the public methods may be called from any thread.
 */
public final class TrackerClient implements AutoCloseable {
    /** Shortest re-announce delay, whatever a tracker says. */
    static final long MIN_REANNOUNCE_MILLIS = 1000;
    /** Longest delay between retries once every tracker has failed. */
    static final long MAX_RETRY_MILLIS = TimeUnit.MINUTES.toMillis(30);

    private final TrackerClientOptions options;
    private final ClientSettings settings;
    private final TrackerRuntime runtime;
    private final boolean ownsRuntime;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final EventLoop loop;
    private final Map<URI, TrackerConnection> connections = new HashMap<>();
    private final Map<URI, String> trackerIds = new HashMap<>();
    /** Trackers sent an announce since the last {@code stopped} (and not failed): they know of us. */
    private final Set<URI> knowsOfUs = new LinkedHashSet<>();
    /** Each tracker's announce on its way, which a {@code stopped} must follow, not overtake. */
    private final Map<URI, CompletableFuture<AnnounceResponse>> inFlight = new HashMap<>();
    private final List<Group> groups = new ArrayList<>();
    private boolean started;
    private boolean closed;

    private TrackerClient(TrackerClientOptions options) {
        this.options = options;
        this.settings = ClientSettings.of(options);
        this.ownsRuntime = options.runtime() == null;
        this.runtime = ownsRuntime ? new TrackerRuntime() : options.runtime();
        this.loop = runtime.loop();
        if (options.announceToAllTiers()) {
            options.tiers().forEach(t -> groups.add(new Group(List.of(t))));
        } else {
            groups.add(new Group(options.tiers()));
        }
    }

    public static TrackerClient create(TrackerClientOptions options) {
        return new TrackerClient(options);
    }

    public TrackerClientOptions options() {
        return options;
    }

    /** Announces {@code started} and from then on re-announces at each tracker's interval. */
    public CompletableFuture<AnnounceResponse> start() {
        return onLoop(() -> {
            started = true;
            return announceNow(AnnounceEvent.STARTED);
        });
    }

    /**
     * Announces {@code completed} (the download finished). A tracker that has not heard
     * {@code started} yet hears that instead, with nothing left.
     */
    public CompletableFuture<AnnounceResponse> complete() {
        return announce(AnnounceEvent.COMPLETED);
    }

    /**
     * Stops re-announcing and announces {@code stopped} to every tracker that knows of us, all at
     * once (not tier by tier, so that a silent tracker does not keep it from the others). The
     * future holds the first answer, or null when no tracker knew of us.
     */
    public CompletableFuture<AnnounceResponse> stop() {
        return onLoop(() -> {
            started = false;
            groups.forEach(Group::cancel);
            List<URI> told = new ArrayList<>(knowsOfUs);
            knowsOfUs.clear();
            if (told.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<AnnounceResponse> first = new CompletableFuture<>();
            int[] failures = {0};
            for (URI url : told) {
                CompletableFuture<AnnounceResponse> before = inFlight.getOrDefault(url, CompletableFuture.completedFuture(null));
                CompletableFuture<AnnounceResponse> answer = before.handle((r, e) -> null).thenComposeAsync(ignored -> {
                    try {
                        return connection(url).announce(request(AnnounceEvent.STOPPED, trackerIds.get(url)));
                    } catch (RuntimeException e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }, loop);
                answer.whenComplete((r, e) -> loop.execute(() -> {
                    if (e == null) {
                        options.listener().onAnnounce(url, r);
                        first.complete(r);
                    } else {
                        options.listener().onError(url, unwrap(e));
                        if (++failures[0] == told.size()) {
                            first.completeExceptionally(unwrap(e));
                        }
                    }
                }));
            }
            return first;
        });
    }

    /**
     * One announce through the tiers. With several groups (announce to all tiers) the future
     * holds the first answer and fails only when every group failed; the listener hears them all.
     */
    public CompletableFuture<AnnounceResponse> announce(AnnounceEvent event) {
        return onLoop(() -> announceNow(event));
    }

    private CompletableFuture<AnnounceResponse> announceNow(AnnounceEvent event) {
        if (closed) {
            return CompletableFuture.failedFuture(new TrackerException("client closed"));
        }
        CompletableFuture<AnnounceResponse> first = new CompletableFuture<>();
        int[] failures = {0};
        for (Group g : groups) {
            g.announce(event).whenComplete((r, e) -> {
                if (e == null) {
                    first.complete(r);
                } else if (++failures[0] == groups.size()) {
                    first.completeExceptionally(unwrap(e));
                }
            });
        }
        return first;
    }

    /** Scrapes the torrent at the first tracker, in tier order, that answers a scrape. */
    public CompletableFuture<ScrapeResponse> scrape() {
        return onLoop(() -> {
            List<URI> order = new ArrayList<>();
            groups.forEach(g -> order.addAll(g.tiers.order()));
            CompletableFuture<ScrapeResponse> result = new CompletableFuture<>();
            scrapeAt(order, 0, result, null);
            return result;
        });
    }

    private void scrapeAt(List<URI> order, int i, CompletableFuture<ScrapeResponse> result, Throwable last) {
        if (i == order.size()) {
            result.completeExceptionally(new TrackerException("no tracker answered the scrape"
                    + (last == null ? "" : ": " + last.getMessage()), last));
            return;
        }
        URI url = order.get(i);
        TrackerConnection c = connection(url);
        if (c == null) {
            scrapeAt(order, i + 1, result, last);
            return;
        }
        c.scrape(List.of(options.infoHash())).whenComplete((r, e) -> loop.execute(() -> {
            if (e == null) {
                options.listener().onScrape(url, r);
                result.complete(r);
            } else {
                options.listener().onError(url, unwrap(e));
                scrapeAt(order, i + 1, result, unwrap(e));
            }
        }));
    }

    /** Answers an offer relayed by a WebSocket tracker; the tracker forwards it to the offerer. */
    public void answer(URI tracker, WsMessage.RelayedOffer offer, JsonNode answer) {
        loop.execute(() -> {
            if (connection(tracker) instanceof WebSocketTrackerConnection ws) {
                ws.answer(options.peerId(), offer, answer, trackerIds.get(tracker));
            } else {
                options.listener().onError(tracker, new TrackerException(tracker + " is not a WebSocket tracker"));
            }
        });
    }

    /** The trackers in the order they are tried now (promotions applied). */
    public CompletableFuture<List<List<URI>>> tiers() {
        return onLoop(() -> {
            List<List<URI>> all = new ArrayList<>();
            groups.forEach(g -> all.addAll(g.tiers.tiers()));
            return CompletableFuture.completedFuture(all);
        });
    }

    /** The tracker's connection, or null when its URL is not one we can use ({@link #unusable}). */
    private TrackerConnection connection(URI url) {
        if (unusable(url) != null) {
            return null;
        }
        return connections.computeIfAbsent(url, u -> {
            String scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
            return switch (scheme) {
                case "http", "https" -> new HttpTrackerConnection(u, runtime, settings);
                case "udp" -> new UdpTrackerConnection(u, runtime, settings);
                case "ws", "wss" -> new WebSocketTrackerConnection(u, runtime, settings, options.infoHash(),
                        options.offers(), options.listener());
                default -> null;
            };
        });
    }

    /** Why the URL cannot be a tracker of this client, or null if it can (checked before any announce). */
    public static String unusable(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.matches("https?|udp|wss?")) {
            return "unsupported tracker URL " + url + " (http, https, udp, ws or wss)";
        }
        if (url.getHost() == null) { // java.net.URI finds none in "tracker_1.example", say
            return "tracker URL without a host name this client can use: " + url;
        }
        return null;
    }

    private AnnounceRequest request(AnnounceEvent event, String trackerId) {
        TransferStats s = options.stats().get();
        return new AnnounceRequest(options.infoHash(), options.peerId(), options.port(), s.uploaded(), s.downloaded(),
                s.left(), event, event == AnnounceEvent.STOPPED ? 0 : options.numwant(), options.key(), null, trackerId);
    }

    private <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            CompletableFuture<T> started;
            try {
                started = work.get();
            } catch (RuntimeException e) { // a future that can never complete must fail instead
                f.completeExceptionally(e);
                return;
            }
            started.whenComplete((v, e) -> {
                if (e != null) {
                    f.completeExceptionally(unwrap(e));
                } else {
                    f.complete(v);
                }
            });
        });
        return f;
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    /**
     * Cancels announces and closes connections (no {@code stopped} is sent: announce it first).
     * Idempotent; from the runtime's loop itself (a listener's callback) it does not wait.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (loop.inEventLoop()) {
            shutDownOnLoop();
        } else {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.execute(() -> {
                shutDownOnLoop();
                loop.execute(() -> done.complete(null)); // after the connections' own close tasks
            });
            done.orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        if (ownsRuntime) {
            runtime.close();
        }
    }

    private void shutDownOnLoop() {
        closed = true;
        started = false;
        groups.forEach(Group::cancel);
        connections.values().forEach(c -> {
            if (c != null) {
                c.close();
            }
        });
    }

    /** Trackers announced to as one BEP 12 sequence, with its own schedule. */
    private final class Group {
        final TrackerTiers tiers;
        ScheduledFuture<?> timer;
        int failures;
        /** {@code started} or {@code completed} that no tracker has answered yet: retries carry it. */
        AnnounceEvent undelivered;

        Group(List<List<URI>> tierList) {
            this.tiers = new TrackerTiers(tierList, ThreadLocalRandom.current());
        }

        CompletableFuture<AnnounceResponse> announce(AnnounceEvent event) {
            cancel();
            if (event == AnnounceEvent.STARTED || event == AnnounceEvent.COMPLETED) {
                undelivered = event;
            } else if (event == AnnounceEvent.NONE && undelivered != null) {
                event = undelivered;
            }
            CompletableFuture<AnnounceResponse> result = new CompletableFuture<>();
            attempt(tiers.order(), 0, event, result, null);
            return result;
        }

        void cancel() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        private void attempt(List<URI> order, int i, AnnounceEvent event, CompletableFuture<AnnounceResponse> result,
                Throwable last) {
            if (closed) {
                result.completeExceptionally(new TrackerException("client closed"));
                return;
            }
            if (i == order.size()) {
                result.completeExceptionally(new TrackerException("no tracker answered"
                        + (last == null ? "" : ": " + last.getMessage()), last));
                if (started && event != AnnounceEvent.STOPPED) {
                    long delay = Math.min(Math.min(MAX_RETRY_MILLIS, options.retryMin().toMillis() << Math.min(failures, 20)),
                            MAX_RETRY_MILLIS);
                    failures++;
                    schedule(delay);
                }
                return;
            }
            URI url = order.get(i);
            TrackerConnection c = connection(url);
            if (c == null) {
                TrackerException e = new TrackerException(unusable(url));
                options.listener().onError(url, e);
                attempt(order, i + 1, event, result, e);
                return;
            }
            // BEP 3: a tracker hears started first, whatever this announce is for.
            AnnounceEvent sent = event != AnnounceEvent.STOPPED && !knowsOfUs.contains(url) ? AnnounceEvent.STARTED : event;
            CompletableFuture<AnnounceResponse> answer;
            try {
                answer = c.announce(request(sent, trackerIds.get(url)));
            } catch (RuntimeException e) { // the stats supplier, say: this tracker fails, the next is tried
                options.listener().onError(url, e);
                attempt(order, i + 1, event, result, e);
                return;
            }
            if (sent != AnnounceEvent.STOPPED) {
                knowsOfUs.add(url); // a stop from now on follows this announce to it
            }
            inFlight.put(url, answer);
            answer.whenComplete((r, e) -> loop.execute(() -> {
                inFlight.remove(url, answer);
                if (e != null) {
                    if (sent == AnnounceEvent.STARTED) {
                        knowsOfUs.remove(url); // it did not hear it: the next announce to it says started again
                    }
                    options.listener().onError(url, unwrap(e));
                    attempt(order, i + 1, event, result, unwrap(e));
                    return;
                }
                tiers.promote(url);
                failures = 0;
                if (sent == AnnounceEvent.STOPPED) {
                    knowsOfUs.remove(url);
                } else {
                    undelivered = null; // one that first hears started with nothing left needs no completed
                }
                if (r.trackerId() != null) {
                    trackerIds.put(url, r.trackerId());
                }
                if (r.warningMessage() != null) {
                    options.listener().onWarning(url, r.warningMessage());
                }
                options.listener().onAnnounce(url, r);
                result.complete(r);
                if (started && event != AnnounceEvent.STOPPED) {
                    schedule(Math.max(MIN_REANNOUNCE_MILLIS, 1000L * Math.max(r.interval(), r.minInterval())));
                }
            }));
        }

        private void schedule(long delayMillis) {
            cancel();
            timer = loop.schedule(() -> {
                timer = null;
                if (started && !closed) {
                    announce(AnnounceEvent.NONE);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        }
    }
}

package org.webtorrent4j.simplepeer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC peer with one reliable, ordered data channel, driven by simple-peer's signal API:
 * the peer emits {@link PeerListener#onSignal signal} messages (offer/answer, and candidates
 * when trickling) that the application carries to the other side and feeds to its
 * {@link #signal(Signal)}; then {@code connect}, {@code data}, {@code close} and {@code error}
 * follow.
 *
 * <p>The peer is a byte stream: {@link #send(byte[])} cuts data into messages of at most
 * {@link PeerOptions#chunkSize()} bytes and hands them to the channel only while its buffered
 * amount is below the high-water mark, polling until it drains below the low-water mark
 * (webrtc-java never reports buffered-amount changes). Its future completes once the last
 * byte is handed to the channel, so a sender paces itself on it.
 *
 * <p>All state lives on the engine's loop thread; public methods may be called from any thread.
 */
public final class Peer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Peer.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Longest remote ICE candidate line accepted (real ones have about 100 characters). */
    static final int MAX_CANDIDATE_LENGTH = 1024;

    private enum State { NEW, CONNECTING, CONNECTED, CLOSED }

    private final WebRtcEngine engine;
    private final boolean initiator;
    private final PeerOptions options;
    private final PeerListener listener;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();

    // Confined to the engine's loop thread.
    private State state = State.NEW;
    private RTCPeerConnection connection;
    private RTCDataChannel channel;
    private ChannelEvents channelEvents;
    private boolean remoteDescriptionSet;
    private boolean remoteDescriptionApplied;
    private boolean localDescriptionSet;
    private boolean gatheringComplete;
    private boolean localDescriptionSignalled;
    private final List<Signal.Candidate> pendingCandidates = new ArrayList<>();
    private int remoteCandidates;
    /** See {@link #chunk}; loop thread only. */
    private ByteBuffer sendBuffer;
    /**
     * Received bytes copied but not yet handed to the listener, at most
     * {@link PeerOptions#maxUndeliveredBytes()}: counted on the native thread, discounted on the loop.
     */
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicBoolean fellBehind = new AtomicBoolean();
    private final List<Signal> localCandidatesBeforeDescription = new ArrayList<>();
    private final ArrayDeque<Outgoing> sendQueue = new ArrayDeque<>();
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> drainPoll;

    /** Bytes waiting to be handed to the channel, and who to tell when they are. */
    private static final class Outgoing {
        final byte[] data;
        final CompletableFuture<Void> handedOver;
        int offset;

        Outgoing(byte[] data, CompletableFuture<Void> handedOver) {
            this.data = data;
            this.handedOver = handedOver;
        }
    }

    /**
     * Starts a peer. The initiator opens the data channel and emits the offer; the other side
     * waits for it. Events go to {@code listener} on the engine's loop thread.
     */
    public Peer(WebRtcEngine engine, boolean initiator, PeerOptions options, PeerListener listener) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.initiator = initiator;
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (engine.isClosed()) {
            throw new IllegalStateException("the WebRTC engine is closed");
        }
        engine.execute(guarded(this::start));
    }

    public boolean initiator() {
        return initiator;
    }

    /** Feeds a signal from the other peer (its offer, answer or candidate). */
    public void signal(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        engine.execute(guarded(() -> onRemoteSignal(signal)));
    }

    /**
     * Queues bytes for the other peer (copied now). The future completes when the last byte is
     * handed to the data channel, and fails with {@link PeerClosedException} if the peer closes
     * first, or at once when more than {@link PeerOptions#maxQueuedBytes()} would be waiting.
     * Bytes sent before {@code connect} wait for it.
     */
    public CompletableFuture<Void> send(byte[] data) {
        return send(data, 0, data.length);
    }

    public CompletableFuture<Void> send(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (length == 0) {
            done.complete(null);
            return done;
        }
        long queued = queuedBytes.addAndGet(length);
        if (queued > options.maxQueuedBytes()) {
            queuedBytes.addAndGet(-length);
            done.completeExceptionally(new PeerException("send queue full: " + (queued - length) + " bytes waiting, "
                    + length + " more would pass maxQueuedBytes " + options.maxQueuedBytes()
                    + "; wait for earlier sends' futures"));
            return done;
        }
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        if (!engine.execute(guarded(() -> enqueue(new Outgoing(copy, done))))) {
            queuedBytes.addAndGet(-length);
            done.completeExceptionally(new PeerClosedException("peer is closed: its WebRTC engine closed"));
        }
        return done;
    }

    /** Bytes accepted by {@link #send} that are not yet handed to the data channel. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    /** Completes when the peer has closed and released its native objects. */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture;
    }

    /** Closes the channel and the connection; queued sends fail. Idempotent. */
    @Override
    public void close() {
        engine.execute(guarded(() -> destroy(null)));
    }

    // ---- loop thread from here on ----

    /** A loop task whose failure (webrtc-java reports bad input as java.lang.Error) fails only this peer. */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (Throwable t) {
                if (state != State.CLOSED) {
                    destroy(t instanceof PeerException pe ? pe : new PeerException("WebRTC call failed: " + t.getMessage(), t));
                } else {
                    log.debug("WebRTC call failed after close", t);
                }
            }
        };
    }

    private void start() {
        if (state != State.NEW) {
            return;
        }
        if (engine.isClosed()) {
            destroy(new PeerClosedException("the WebRTC engine closed before the peer started"));
            return;
        }
        state = State.CONNECTING;
        connectTimer = engine.schedule(() -> {
            if (state == State.CONNECTING) {
                destroy(new PeerException("not connected within " + options.connectTimeout()));
            }
        }, options.connectTimeout());
        try {
            connection = engine.attach(this).createPeerConnection(configuration(), new ConnectionEvents());
            if (initiator) {
                RTCDataChannelInit init = new RTCDataChannelInit();
                init.ordered = true;
                String label = options.channelLabel() != null ? options.channelLabel() : randomLabel();
                RTCDataChannel created = connection.createDataChannel(label, init);
                ChannelEvents events = new ChannelEvents(this, created);
                created.registerObserver(events);
                channel = created;
                channelEvents = events;
                connection.createOffer(new RTCOfferOptions(), new DescriptionCreated());
            }
        } catch (Throwable t) {
            destroy(new PeerException("could not create the peer connection", t));
        }
    }

    private RTCConfiguration configuration() {
        RTCConfiguration config = new RTCConfiguration();
        for (String url : options.iceServers()) {
            RTCIceServer server = new RTCIceServer();
            server.urls.add(url);
            config.iceServers.add(server);
        }
        return config;
    }

    private static String randomLabel() {
        byte[] b = new byte[20];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void onRemoteSignal(Signal signal) {
        if (state == State.CLOSED) {
            return;
        }
        switch (signal.type()) {
            case OFFER, ANSWER -> onRemoteDescription(signal);
            case CANDIDATE -> onRemoteCandidate(signal.candidate());
        }
    }

    private void onRemoteDescription(Signal signal) {
        boolean isOffer = signal.type() == Signal.Type.OFFER;
        if (isOffer == initiator) {
            destroy(new InvalidSignalException((initiator ? "the initiator" : "a non-initiator") + " cannot take an "
                    + signal.type().wireName()));
            return;
        }
        if (remoteDescriptionSet) {
            destroy(new InvalidSignalException("a second remote " + signal.type().wireName()
                    + " (renegotiation is not supported)"));
            return;
        }
        if (signal.sdp().length() > options.maxSdpLength()) {
            destroy(new InvalidSignalException("remote sdp of " + signal.sdp().length()
                    + " characters exceeds maxSdpLength " + options.maxSdpLength()));
            return;
        }
        remoteDescriptionSet = true;
        RTCSessionDescription description =
                new RTCSessionDescription(isOffer ? RTCSdpType.OFFER : RTCSdpType.ANSWER, signal.sdp());
        try {
            connection.setRemoteDescription(description, remoteDescriptionApplied());
        } catch (Error e) {
            // webrtc-java throws java.lang.Error when it cannot parse the sdp.
            destroy(new InvalidSignalException("the remote " + signal.type().wireName() + " was refused: " + e.getMessage()));
        }
    }

    private SetSessionDescriptionObserver remoteDescriptionApplied() {
        return new DescriptionApplied(() -> {
            remoteDescriptionApplied = true;
            for (Signal.Candidate c : pendingCandidates) {
                addCandidate(c);
            }
            pendingCandidates.clear();
            if (!initiator) {
                connection.createAnswer(new RTCAnswerOptions(), new DescriptionCreated());
            }
        }, "remote");
    }

    private void onRemoteCandidate(Signal.Candidate candidate) {
        // libwebrtc keeps every candidate and sends checks to each address: the other peer, or
        // whoever relays its signals, may not pick how many.
        if (++remoteCandidates > options.maxRemoteCandidates()) {
            destroy(new InvalidSignalException("more than " + options.maxRemoteCandidates() + " remote candidates"));
        } else if (candidate.candidate().length() > MAX_CANDIDATE_LENGTH) {
            destroy(new InvalidSignalException("a candidate of " + candidate.candidate().length() + " characters, over "
                    + MAX_CANDIDATE_LENGTH));
        } else if (remoteDescriptionApplied) {
            addCandidate(candidate);
        } else {
            pendingCandidates.add(candidate);
        }
    }

    private void addCandidate(Signal.Candidate c) {
        connection.addIceCandidate(new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex(), c.candidate()));
    }

    private void onLocalDescriptionCreated(RTCSessionDescription description) {
        if (state == State.CLOSED) {
            return;
        }
        connection.setLocalDescription(description, new DescriptionApplied(() -> {
            localDescriptionSet = true;
            if (options.trickle() || gatheringComplete) {
                signalLocalDescription();
            }
        }, "local"));
    }

    private void onGatheringState(RTCIceGatheringState gathering) {
        if (gathering == RTCIceGatheringState.COMPLETE && state != State.CLOSED) {
            gatheringComplete = true;
            if (localDescriptionSet) {
                signalLocalDescription();
            }
        }
    }

    private void signalLocalDescription() {
        if (localDescriptionSignalled) {
            return;
        }
        localDescriptionSignalled = true;
        // After gathering, the local description carries every candidate (non-trickle).
        RTCSessionDescription local = connection.getLocalDescription();
        emit(l -> l.onSignal(local.sdpType == RTCSdpType.OFFER ? Signal.offer(local.sdp) : Signal.answer(local.sdp)));
        for (Signal candidate : localCandidatesBeforeDescription) {
            emit(l -> l.onSignal(candidate));
        }
        localCandidatesBeforeDescription.clear();
    }

    private void onLocalCandidate(RTCIceCandidate candidate) {
        if (!options.trickle() || state != State.CONNECTING) {
            return;
        }
        Signal signal = Signal.candidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex);
        if (localDescriptionSignalled) {
            emit(l -> l.onSignal(signal));
        } else {
            // A candidate may be reported before the description it belongs to: keep the order.
            localCandidatesBeforeDescription.add(signal);
        }
    }

    private void onRemoteChannel(RTCDataChannel remote, ChannelEvents events) {
        if (state == State.CLOSED || channel != null) {
            // One channel per peer: a second one (or one after close) is refused.
            events.detach();
            remote.unregisterObserver();
            remote.close();
            remote.dispose();
            return;
        }
        channel = remote;
        channelEvents = events;
        onChannelState(remote.getState());
    }

    private void onChannelState(RTCDataChannelState channelState) {
        switch (channelState) {
            case OPEN -> {
                if (state == State.CONNECTING) {
                    state = State.CONNECTED;
                    cancel(connectTimer);
                    emit(PeerListener::onConnect);
                    pump();
                }
            }
            case CLOSING, CLOSED -> {
                if (state == State.CONNECTED || state == State.CONNECTING) {
                    destroy(state == State.CONNECTING ? new PeerException("data channel closed before it opened") : null);
                }
            }
            default -> { }
        }
    }

    private void onConnectionState(RTCPeerConnectionState connectionState) {
        if (connectionState == RTCPeerConnectionState.FAILED && state != State.CLOSED) {
            destroy(new PeerException("the connection failed (ICE or DTLS)"));
        }
    }

    private void onMessage(byte[] data) {
        engine.messageReceived(this);
        if (state == State.CONNECTED) {
            emit(l -> l.onData(data));
        }
    }

    private void enqueue(Outgoing out) {
        if (state == State.CLOSED) {
            queuedBytes.addAndGet(-(out.data.length - out.offset));
            out.handedOver.completeExceptionally(new PeerClosedException("peer is closed"));
            return;
        }
        sendQueue.add(out);
        if (state == State.CONNECTED && drainPoll == null) {
            pump();
        }
    }

    /**
     * The bytes as send() takes them: it ignores position and limit, sending a direct buffer's
     * whole capacity or a heap buffer's whole array, and copies them before it returns. A full
     * chunk goes through this peer's one direct buffer: a fresh one per chunk would hold native
     * memory until a GC, which a quiet heap may not run for long. A shorter one goes as an
     * array of exactly its size.
     */
    private ByteBuffer chunk(byte[] data, int offset, int length) {
        if (length != options.chunkSize()) {
            return ByteBuffer.wrap(offset == 0 && length == data.length ? data : Arrays.copyOfRange(data, offset, offset + length));
        }
        if (sendBuffer == null) {
            sendBuffer = ByteBuffer.allocateDirect(length);
        }
        return sendBuffer.clear().put(data, offset, length).flip();
    }

    /** Hands queued chunks to the channel while its buffer is below the high-water mark. */
    private void pump() {
        drainPoll = null;
        if (state != State.CONNECTED) {
            return;
        }
        long budget = options.highWaterMark() - channel.getBufferedAmount();
        while (!sendQueue.isEmpty() && budget > 0) {
            Outgoing out = sendQueue.peek();
            int n = Math.min(options.chunkSize(), out.data.length - out.offset);
            try {
                channel.send(new RTCDataChannelBuffer(chunk(out.data, out.offset, n), true));
            } catch (Exception e) {
                destroy(new PeerException("data channel refused a message", e));
                return;
            }
            out.offset += n;
            budget -= n;
            queuedBytes.addAndGet(-n);
            if (out.offset == out.data.length) {
                sendQueue.poll();
                out.handedOver.complete(null);
                if (state != State.CONNECTED) {
                    return; // a completion handler closed the peer
                }
            }
        }
        if (!sendQueue.isEmpty()) {
            drainPoll = engine.schedule(this::pollDrain, options.drainPollInterval());
        }
    }

    private void pollDrain() {
        drainPoll = null;
        if (state != State.CONNECTED) {
            return;
        }
        if (channel.getBufferedAmount() <= options.lowWaterMark()) {
            pump();
        } else {
            drainPoll = engine.schedule(this::pollDrain, options.drainPollInterval());
        }
    }

    /** Loop only: closes once, releasing native objects in the order webrtc-java needs. */
    void destroy(PeerException error) {
        if (state == State.CLOSED) {
            return;
        }
        State before = state;
        state = State.CLOSED;
        cancel(connectTimer);
        cancel(drainPoll);
        PeerClosedException closed = new PeerClosedException("peer closed before the data was sent");
        for (Outgoing out : sendQueue) {
            queuedBytes.addAndGet(-(out.data.length - out.offset));
            out.handedOver.completeExceptionally(error != null ? error : closed);
        }
        sendQueue.clear();
        if (before != State.NEW) {
            releaseNative();
        }
        if (error != null) {
            log.debug("peer failed: {}", error.getMessage());
            emit(l -> l.onError(error));
        }
        emit(PeerListener::onClose);
        closeFuture.complete(null);
    }

    private void releaseNative() {
        boolean connectionFreed = false;
        try {
            if (channel != null) {
                channelEvents.detach();
                channel.unregisterObserver();
                channel.close();
                channel.dispose();
                channel = null;
            }
            if (connection != null) {
                long handle = PeerConnectionRelease.handleOf(connection);
                connection.close();
                connection = null;
                // webrtc-java 0.14.0's close() keeps the native connection; this frees it.
                connectionFreed = PeerConnectionRelease.release(handle);
            }
        } catch (Throwable t) {
            log.warn("releasing native WebRTC objects failed", t);
        } finally {
            engine.detach(this, connectionFreed);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private void emit(Consumer<PeerListener> event) {
        try {
            event.accept(listener);
        } catch (Throwable t) {
            log.error("a PeerListener threw; closing the peer", t);
            if (state != State.CLOSED) {
                destroy(new PeerException("listener failed", t));
            }
        }
    }

    // ---- native callbacks: webrtc-java's signalling thread. Never block, never throw. ----

    private void post(Runnable task) {
        try {
            engine.execute(guarded(task));
        } catch (Throwable t) {
            log.error("could not hand a WebRTC event to the loop", t);
        }
    }

    private final class ConnectionEvents implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            post(() -> onLocalCandidate(candidate));
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState gathering) {
            post(() -> onGatheringState(gathering));
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState connectionState) {
            post(() -> onConnectionState(connectionState));
        }

        @Override
        public void onDataChannel(RTCDataChannel remote) {
            ChannelEvents events = new ChannelEvents(Peer.this, remote);
            try {
                // Registered here, on the native thread, so no message or state change is missed.
                remote.registerObserver(events);
            } catch (Throwable t) {
                log.error("could not observe the remote data channel", t);
            }
            post(() -> onRemoteChannel(remote, events));
        }
    }

    /**
     * A data channel's events. webrtc-java 0.14.0 never frees a channel's native observer, nor
     * its JNI reference to this object ({@code unregisterObserver()} only detaches it), so this
     * holds the peer and channel only until the peer lets go of the channel: what stays pinned
     * is this small object, not the closed peer, its listener and channel.
     */
    private static final class ChannelEvents implements RTCDataChannelObserver {
        private volatile RTCDataChannel observed;
        private volatile Peer peer;

        ChannelEvents(Peer peer, RTCDataChannel observed) {
            this.peer = peer;
            this.observed = observed;
        }

        /** Loop only, before the channel is unregistered and disposed. */
        void detach() {
            peer = null;
            observed = null;
        }

        @Override
        public void onBufferedAmountChange(long previousAmount) {
            // webrtc-java does not call this; the sender polls getBufferedAmount() instead.
        }

        @Override
        public void onStateChange() {
            Peer p = peer;
            RTCDataChannel c = observed;
            if (p == null || c == null) {
                return;
            }
            try {
                RTCDataChannelState s = c.getState();
                p.post(() -> {
                    if (c == p.channel) {
                        p.onChannelState(s);
                    }
                });
            } catch (Throwable t) {
                log.error("could not read the data channel state", t);
            }
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            Peer p = peer;
            RTCDataChannel c = observed;
            if (p == null || c == null) {
                return;
            }
            try {
                // The buffer is valid only during this call: copy it.
                ByteBuffer data = buffer.data;
                int length = data.remaining();
                // The native thread does not wait for the loop, so SCTP's flow control never
                // sees a slow listener: past a bound, the peer fails instead of piling up copies.
                long limit = p.options.maxUndeliveredBytes();
                if (p.undelivered.addAndGet(length) > limit) {
                    p.undelivered.addAndGet(-length);
                    if (p.fellBehind.compareAndSet(false, true)) {
                        p.post(() -> p.destroy(new PeerException("more than " + limit
                                + " bytes received and not yet delivered (maxUndeliveredBytes): the listener falls behind")));
                    }
                    return;
                }
                byte[] copy = new byte[length];
                data.get(copy);
                p.post(() -> {
                    p.undelivered.addAndGet(-length);
                    if (c == p.channel) {
                        p.onMessage(copy);
                    }
                });
            } catch (Throwable t) {
                log.error("could not copy a data channel message", t);
            }
        }
    }

    private final class DescriptionCreated implements CreateSessionDescriptionObserver {
        @Override
        public void onSuccess(RTCSessionDescription description) {
            post(() -> onLocalDescriptionCreated(description));
        }

        @Override
        public void onFailure(String error) {
            post(() -> destroy(new PeerException("could not create the local description: " + error)));
        }
    }

    private final class DescriptionApplied implements SetSessionDescriptionObserver {
        private final Runnable then;
        private final String which;

        DescriptionApplied(Runnable then, String which) {
            this.then = then;
            this.which = which;
        }

        @Override
        public void onSuccess() {
            post(() -> {
                if (state != State.CLOSED) {
                    then.run();
                }
            });
        }

        @Override
        public void onFailure(String error) {
            post(() -> destroy(new PeerException("could not apply the " + which + " description: " + error)));
        }
    }
}

package org.webtorrent4j.simplepeer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's native factories, replaced from time to time: new peers go to the current one;
 * once it has served {@code peersPerFactory} peers or its peers have received
 * {@code messagesPerFactory} messages it is retired, and disposed when its last peer closes.
 *
 * <p>Why: webrtc-java 0.14.0 delivers each received message on the factory's native thread
 * with two JNI local references (the message object and its ByteBuffer) that it never deletes.
 * That thread never returns to Java, so they pile up, pinning about 100 bytes per message (Java
 * heap and JNI handles) until the thread ends, which is when its factory is disposed.
 *
 * <p>Loop thread only, like the rest of the engine's state.
 */
final class FactoryGenerations {
    private static final Logger log = LoggerFactory.getLogger(FactoryGenerations.class);

    /** One factory and what it has served. */
    private static final class Generation {
        final HeadlessAudioDeviceModule audio;
        final PeerConnectionFactory factory;
        int peersServed;
        int livePeers;
        long messagesReceived;
        boolean retired;

        Generation() {
            // The default audio module aborts the JVM on machines without a sound device.
            audio = new HeadlessAudioDeviceModule();
            factory = new PeerConnectionFactory(audio);
        }
    }

    private final int peersPerFactory;
    private final long messagesPerFactory;
    private final Map<Peer, Generation> servedBy = new HashMap<>();
    private Generation current;
    private long disposed;

    FactoryGenerations(int peersPerFactory, long messagesPerFactory) {
        if (peersPerFactory < 1 || messagesPerFactory < 1) {
            throw new IllegalArgumentException("peersPerFactory and messagesPerFactory must be positive");
        }
        this.peersPerFactory = peersPerFactory;
        this.messagesPerFactory = messagesPerFactory;
    }

    /** The factory for a starting peer: the current one, or a fresh one if it is retired. */
    PeerConnectionFactory acquire(Peer peer) {
        if (current == null || current.retired) {
            current = new Generation();
        }
        Generation g = current;
        g.peersServed++;
        g.livePeers++;
        servedBy.put(peer, g);
        if (g.peersServed >= peersPerFactory) {
            retire(g);
        }
        return g.factory;
    }

    /** A peer has received one data channel message. */
    void messageReceived(Peer peer) {
        Generation g = servedBy.get(peer);
        if (g != null && ++g.messagesReceived >= messagesPerFactory && !g.retired) {
            retire(g);
        }
    }

    /** A peer has released its native objects; its factory goes if it is retired and now unused. */
    void release(Peer peer) {
        Generation g = servedBy.remove(peer);
        if (g != null && --g.livePeers == 0 && g.retired) {
            dispose(g);
        }
    }

    /** Disposes the current factory (call after every peer has been released). */
    void close() {
        if (current != null && !current.retired) {
            retire(current);
        }
        current = null;
    }

    /** Factories disposed so far. */
    long disposed() {
        return disposed;
    }

    private void retire(Generation g) {
        g.retired = true;
        if (g.livePeers == 0) {
            dispose(g);
        }
    }

    private void dispose(Generation g) {
        try {
            g.factory.dispose();
            g.audio.dispose();
            disposed++;
        } catch (Throwable t) {
            log.warn("disposing a native WebRTC factory failed", t);
        }
    }
}

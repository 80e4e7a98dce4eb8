package org.webtorrent4j.simplepeer;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.internal.NativeObject;
import dev.onvoid.webrtc.internal.RefCountedObject;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Field;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the native reference that webrtc-java 0.14.0 hands to Java with every
 * {@link RTCPeerConnection} and never drops: its {@code close()} closes the connection and deletes
 * the observer, but leaves the C++ PeerConnection (certificate, parsed descriptions, SCTP and
 * stats leftovers: about 45 KB bare, 60 KB once connected) allocated for good. Later webrtc-java
 * sources drop that reference in {@code close()} themselves, so this runs only on the version
 * known to leak; on another one, dropping it again would free the connection twice.
 *
 * <p>The reference is released through webrtc-java's own JNI entry point for ref-counted
 * objects ({@code RefCountedObject.release()}, which calls {@code Release()} on the pointer in
 * the Java object's {@code nativeHandle}): a carrier object is given the connection's pointer,
 * read before {@code close()} clears it.
 */
final class PeerConnectionRelease {
    private static final Logger log = LoggerFactory.getLogger(PeerConnectionRelease.class);

    /** The webrtc-java version whose {@code RTCPeerConnection.close()} keeps the connection. */
    static final String LEAKING_VERSION = "0.14.0";

    private static final Field NATIVE_HANDLE = nativeHandleField();

    private PeerConnectionRelease() {}

    /** Whether {@link #handleOf} and {@link #release} work here (the leaking version, handle readable). */
    static boolean enabled() {
        return NATIVE_HANDLE != null;
    }

    /** The connection's native pointer, to be read before {@code close()} clears it; 0 if disabled. */
    static long handleOf(RTCPeerConnection connection) {
        if (NATIVE_HANDLE == null) {
            return 0;
        }
        try {
            return NATIVE_HANDLE.getLong(connection);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops Java's reference to a closed connection. Returns whether that was the last one, i.e.
     * the connection is freed now (webrtc-java clears the carrier's handle only then).
     */
    static boolean release(long handle) {
        if (handle == 0) {
            return false;
        }
        Carrier carrier = new Carrier();
        try {
            NATIVE_HANDLE.setLong(carrier, handle);
            carrier.release();
            return NATIVE_HANDLE.getLong(carrier) == 0;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any ref-counted native object: the JNI release reads only the handle. */
    private static final class Carrier extends RefCountedObject {
    }

    private static Field nativeHandleField() {
        Optional<String> version = webrtcJavaVersion();
        if (version.isEmpty() || !version.get().equals(LEAKING_VERSION)) {
            log.debug("webrtc-java version {}: peer connections are not released by simple-peer",
                    version.orElse("unknown"));
            return null;
        }
        try {
            Field f = NativeObject.class.getDeclaredField("nativeHandle");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // E.g. webrtc-java on the module path, where its internal package is closed.
            log.warn("cannot release closed peer connections (webrtc-java {} keeps ~60 KB each): {}",
                    LEAKING_VERSION, e.toString());
            return null;
        }
    }

    /** The version in webrtc-java's module descriptor (module path) or jar manifest (class path). */
    static Optional<String> webrtcJavaVersion() {
        Module module = RTCPeerConnection.class.getModule();
        if (module.isNamed()) {
            return module.getDescriptor().version().map(ModuleDescriptor.Version::toString);
        }
        URL self = RTCPeerConnection.class.getResource("RTCPeerConnection.class");
        if (self == null) {
            return Optional.empty();
        }
        try {
            URLConnection c = self.openConnection();
            if (c instanceof JarURLConnection jar && jar.getManifest() != null) {
                return Optional.ofNullable(jar.getManifest().getMainAttributes().getValue("Version"));
            }
        } catch (IOException e) {
            log.debug("cannot read webrtc-java's manifest", e);
        }
        return Optional.empty();
    }
}

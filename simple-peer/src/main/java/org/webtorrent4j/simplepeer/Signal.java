package org.webtorrent4j.simplepeer;

import java.util.Objects;

/**
 * One signalling message, to be carried to the other peer by any means (a tracker, a
 * WebSocket, a pipe): an SDP offer or answer ({@code {type, sdp}}, the shape browsers and
 * WebTorrent use) or, with trickle ICE, one ICE candidate.
 *
 * @param type what the message is
 * @param sdp the session description of an offer or answer; null for a candidate
 * @param candidate the ICE candidate of a {@link Type#CANDIDATE} message; null otherwise
 */
public record Signal(Type type, String sdp, Candidate candidate) {

    /** The kinds of signal, named as in the browser's {@code RTCSessionDescription.type}. */
    public enum Type {
        OFFER("offer"), ANSWER("answer"), CANDIDATE("candidate");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The name used on the wire: {@code offer}, {@code answer} or {@code candidate}. */
        public String wireName() {
            return wireName;
        }

        /** The type of a wire name, or an {@link InvalidSignalException} naming the bad value. */
        public static Type ofWireName(String name) {
            for (Type t : values()) {
                if (t.wireName.equals(name)) {
                    return t;
                }
            }
            throw new InvalidSignalException("unknown signal type '" + name
                    + "' (expected offer, answer or candidate)");
        }
    }

    /** An ICE candidate as browsers send it: {@code {candidate, sdpMid, sdpMLineIndex}}. */
    public record Candidate(String candidate, String sdpMid, int sdpMLineIndex) {
        public Candidate {
            if (candidate == null) {
                throw new InvalidSignalException("an ICE candidate needs its 'candidate' line");
            }
            if (sdpMLineIndex < 0) {
                throw new InvalidSignalException("sdpMLineIndex must not be negative: " + sdpMLineIndex);
            }
        }
    }

    public Signal {
        Objects.requireNonNull(type, "type");
        if (type == Type.CANDIDATE) {
            if (candidate == null || sdp != null) {
                throw new InvalidSignalException("a candidate signal carries a candidate and no sdp");
            }
        } else if (sdp == null || sdp.isEmpty() || candidate != null) {
            throw new InvalidSignalException("an " + type.wireName + " signal carries a non-empty sdp and no candidate");
        }
    }

    public static Signal offer(String sdp) {
        return new Signal(Type.OFFER, sdp, null);
    }

    public static Signal answer(String sdp) {
        return new Signal(Type.ANSWER, sdp, null);
    }

    public static Signal candidate(String candidate, String sdpMid, int sdpMLineIndex) {
        return new Signal(Type.CANDIDATE, null, new Candidate(candidate, sdpMid, sdpMLineIndex));
    }

    /** An offer or answer from its wire form {@code {type, sdp}}. */
    public static Signal description(String type, String sdp) {
        Type t = Type.ofWireName(type);
        if (t == Type.CANDIDATE) {
            throw new InvalidSignalException("'candidate' is not a session description type");
        }
        return new Signal(t, sdp, null);
    }

    public boolean isDescription() {
        return type != Type.CANDIDATE;
    }
}

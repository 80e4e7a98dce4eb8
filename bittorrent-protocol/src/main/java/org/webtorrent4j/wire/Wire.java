package org.webtorrent4j.wire;

import static org.webtorrent4j.wire.WireMessages.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeException;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodeTypeException;

/**
 * One peer connection's protocol state machine (BEP 3, 5, 6, 10, 52), free of any transport.
 *
 * <p>Feed it received bytes with {@link #receive}, in pieces of any size; it parses them
 * incrementally and reports typed events to its {@link WireListener}. Messages it sends go to its
 * {@link WireOutput}, flushed once per {@code receive} and once per call made from outside one.
 * Time only advances through {@link #tick}, which drives keep-alives, the idle, handshake and
 * request timeouts, and the rate meters.
 *
 * <p>Not thread-safe: use one wire from one thread (its channel's event loop).
 *
 * <p>Ownership: {@link #receive} takes ownership of its buffer. {@link #piece} takes ownership of
 * the block. {@link WireListener#onPiece} hands a retained slice to the listener.
 */
public final class Wire {
    /** Allowed-fast pieces kept per peer (BEP 6 sets have about 10); more are ignored. */
    public static final int MAX_ALLOWED_FAST = 64;

    private enum Phase { HANDSHAKE, MESSAGES, CLOSED }

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final WireOptions options;
    private final WireLimits limits;
    private final WireOutput out;
    private final WireListener listener;

    private Phase phase = Phase.HANDSHAKE;
    private ByteBuf cumulation;
    private boolean inReceive;
    private boolean flushPending;
    /** Small messages not yet written; see {@link #small}. */
    private ByteBuf batch;
    private static final int BATCH_BYTES = 1024;

    private Handshake ours;
    private Handshake theirs;
    private byte[] theirInfoHash;
    private boolean fast;
    private boolean extended;

    private boolean amChoking = true;
    private boolean amInterested;
    private boolean peerChoking = true;
    private boolean peerInterested;
    private final BitSet peerPieces = new BitSet();
    private boolean peerHasAll;
    private int numPieces = -1;

    private final Map<Request, Long> ourRequests = new LinkedHashMap<>();
    /** Cancelled requests whose block or reject may still arrive, until the request timeout. */
    private final Map<Request, Long> cancelledRequests = new LinkedHashMap<>();
    private final Set<Request> peerRequests = new LinkedHashSet<>();
    private final Set<Integer> allowedFastForUs = new HashSet<>();
    private final Set<Integer> allowedFastForPeer = new HashSet<>();

    private final List<RegisteredExtension> extensions = new ArrayList<>();
    private ExtendedHandshake theirExtendedHandshake;
    private boolean extendedHandshakeSent;
    private byte[] peerAddress;

    private long now;
    private final long created;
    private long lastReceived;
    private long lastSent;
    private final RateMeter downloaded;
    private final RateMeter uploaded;
    private long ignoredPieceBytes;

    /**
     * @param options  behaviour and limits
     * @param out      where outgoing bytes go
     * @param listener receives events
     * @param nowNanos the current time on the clock later given to {@link #tick}
     */
    public Wire(WireOptions options, WireOutput out, WireListener listener, long nowNanos) {
        this.options = options;
        this.limits = options.limits();
        this.out = out;
        this.listener = listener;
        this.now = nowNanos;
        this.created = nowNanos;
        this.lastReceived = nowNanos;
        this.lastSent = nowNanos;
        long window = options.rateWindow().toNanos();
        this.downloaded = new RateMeter(window, 20);
        this.uploaded = new RateMeter(window, 20);
    }

    // ------------------------------------------------------------------ configuration

    /**
     * Installs an extension; it gets the next free message id. Must happen before our extended
     * handshake is sent (i.e. before the peer's handshake is received).
     */
    public <E extends WireExtension> E use(E extension) {
        if (extendedHandshakeSent) {
            throw new IllegalStateException("extensions must be installed before the extended handshake");
        }
        for (RegisteredExtension r : extensions) {
            if (r.extension.name().equals(extension.name())) {
                throw new IllegalArgumentException("extension already installed: " + extension.name());
            }
        }
        if (extensions.size() >= 250) {
            throw new IllegalStateException("too many extensions");
        }
        RegisteredExtension r = new RegisteredExtension(extension, extensions.size() + 1);
        extensions.add(r);
        extension.onAttach(r);
        return extension;
    }

    /** The number of pieces of the torrent, once known; validates what the peer announced so far. */
    public void setNumPieces(int numPieces) {
        if (numPieces <= 0) throw new IllegalArgumentException("numPieces must be positive");
        this.numPieces = numPieces;
        if (phase != Phase.CLOSED && peerPieces.length() > numPieces) {
            fail(new WireProtocolException(CloseReason.PIECE_INDEX_OUT_OF_RANGE,
                    "peer announced piece " + (peerPieces.length() - 1) + " of " + numPieces));
        }
    }

    /** The peer's address as we see it (4 or 16 bytes), sent as {@code yourip}. */
    public void setPeerAddress(byte[] address) {
        if (address != null && address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes");
        }
        this.peerAddress = address == null ? null : address.clone();
    }

    // ------------------------------------------------------------------ input

    /** Parses received bytes. Takes ownership of {@code data}. */
    public void receive(ByteBuf data) {
        if (phase == Phase.CLOSED) {
            data.release();
            return;
        }
        if (data.isReadable()) {
            lastReceived = now;
        }
        ByteBuf unparsed = data; // ours until it joins the cumulation
        inReceive = true;
        try {
            while (cumulation != null && !canAppend(unparsed) && unparsed.isReadable() && phase != Phase.CLOSED) {
                finishHead(unparsed);
                parse();
                if (cumulation != null && !cumulation.isReadable()) {
                    cumulation.release();
                    cumulation = null;
                }
            }
            if (phase != Phase.CLOSED && unparsed.isReadable()) {
                if (cumulation == null) {
                    cumulation = unparsed;
                } else {
                    cumulation.writeBytes(unparsed);
                    unparsed.release();
                }
                unparsed = null;
                parse();
            }
        } catch (WireProtocolException e) {
            fail(e);
        } catch (RuntimeException e) {
            close(CloseReason.LISTENER_ERROR, e);
        } finally {
            inReceive = false;
            if (unparsed != null) {
                unparsed.release();
            }
            if (cumulation != null && (phase == Phase.CLOSED || !cumulation.isReadable())) {
                cumulation.release();
                cumulation = null;
            }
            flushIfPending();
        }
    }

    /** The transport reached end of stream. */
    public void transportClosed() {
        close(CloseReason.REMOTE_CLOSED, null);
    }

    /** The transport failed. */
    public void transportFailed(Throwable cause) {
        close(CloseReason.TRANSPORT_ERROR, cause);
    }

    /** The transport's writability changed. */
    public void writabilityChanged(boolean writable) {
        if (phase != Phase.CLOSED) {
            listener.onWritabilityChanged(this, writable);
        }
    }

    /** Advances the clock: keep-alive, idle/handshake/request timeouts, rates, extensions. */
    public void tick(long nowNanos) {
        if (phase == Phase.CLOSED) {
            return;
        }
        now = nowNanos;
        if (phase == Phase.HANDSHAKE && now - created >= options.handshakeTimeout().toNanos()) {
            close(CloseReason.HANDSHAKE_TIMEOUT, null);
            return;
        }
        if (now - lastReceived >= options.idleTimeout().toNanos()) {
            close(CloseReason.IDLE_TIMEOUT, null);
            return;
        }
        try {
            long timeout = options.requestTimeout().toNanos();
            List<Request> expired = new ArrayList<>();
            for (Iterator<Map.Entry<Request, Long>> it = ourRequests.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Request, Long> e = it.next();
                if (now - e.getValue() >= timeout) {
                    expired.add(e.getKey());
                    it.remove();
                }
            }
            cancelledRequests.values().removeIf(sent -> now - sent >= timeout);
            for (Request r : expired) {
                // The peer still has it queued: cancel it, and take a late block or reject (BEP 6
                // peers reject their whole queue when they choke) as the answer to that cancel.
                cancelledRequests.put(r, now);
                sendWithRequest(CANCEL, r);
                listener.onRequestFailed(this, r, RequestFailure.TIMED_OUT);
            }
            for (RegisteredExtension r : extensions) {
                if (phase != Phase.CLOSED) r.extension.onTick(now);
            }
            if (phase == Phase.MESSAGES && now - lastSent >= options.keepAlive().toNanos()) {
                WireMessages.keepAlive(small(KEEP_ALIVE_LENGTH));
            }
        } catch (WireProtocolException e) {
            fail(e);
        } catch (RuntimeException e) {
            close(CloseReason.LISTENER_ERROR, e);
        }
        flushIfPending();
    }

    // ------------------------------------------------------------------ output

    /** Sends our handshake with the capabilities of the options. */
    public void handshake(byte[] infoHash, byte[] peerId) {
        if (ours != null) throw new IllegalStateException("handshake already sent");
        if (phase == Phase.CLOSED) return;
        ours = new Handshake(options.reserved(), infoHash, peerId);
        if (theirInfoHash != null && !Arrays.equals(theirInfoHash, infoHash)) {
            throw new IllegalArgumentException("the peer asked for another info-hash");
        }
        send(WireMessages.handshake(out.alloc(), ours));
        flushIfPending();
    }

    public void keepAlive() {
        if (messagesAllowed()) {
            WireMessages.keepAlive(small(KEEP_ALIVE_LENGTH));
            flushIfPending();
        }
    }

    /** Chokes the peer. Without BEP 6 its pending requests are dropped; with it they are rejected. */
    public void choke() {
        if (amChoking) return;
        amChoking = true;
        if (!messagesAllowed()) return;
        simple(small(SIMPLE_LENGTH), CHOKE);
        for (Iterator<Request> it = peerRequests.iterator(); it.hasNext(); ) {
            Request r = it.next();
            if (!allowedFastForPeer.contains(r.index())) {
                it.remove();
                if (fast) withRequest(small(WITH_REQUEST_LENGTH), REJECT, r);
            }
        }
        flushIfPending();
    }

    public void unchoke() {
        if (!amChoking) return;
        amChoking = false;
        sendSimple(UNCHOKE);
    }

    public void interested() {
        if (amInterested) return;
        amInterested = true;
        sendSimple(INTERESTED);
    }

    public void notInterested() {
        if (!amInterested) return;
        amInterested = false;
        sendSimple(NOT_INTERESTED);
    }

    public void have(int index) {
        sendWithIndex(HAVE, index);
    }

    /** Sends our pieces; with BEP 6, a full or empty set goes out as have all / have none. */
    public void bitfield(BitSet pieces, int numPieces) {
        int count = pieces.get(0, numPieces).cardinality();
        if (fast && count == numPieces) {
            sendSimple(HAVE_ALL);
        } else if (fast && count == 0) {
            sendSimple(HAVE_NONE);
        } else {
            sendMessage(WireMessages.bitfield(out.alloc(), pieces, numPieces));
        }
    }

    public void haveAll() {
        requireFast();
        sendSimple(HAVE_ALL);
    }

    public void haveNone() {
        requireFast();
        sendSimple(HAVE_NONE);
    }

    /**
     * Requests a block. Returns false, sending nothing, when the peer chokes us and the piece is
     * not allowed fast, or when the same block is already requested.
     */
    public boolean request(int index, int begin, int length) {
        if (!messagesAllowed() || length <= 0 || length > limits.maxBlockLength()) {
            return false;
        }
        if (peerChoking && !allowedFastForUs.contains(index)) {
            return false;
        }
        Request r = new Request(index, begin, length);
        // Asked again before the peer answered our cancel of it, the block and a reject would
        // each be ambiguous: the cancel is answered (or forgotten) first.
        if (ourRequests.containsKey(r) || cancelledRequests.containsKey(r)) {
            return false;
        }
        ourRequests.put(r, now);
        sendWithRequest(REQUEST, r);
        return true;
    }

    /** Cancels one of our requests; a block that still arrives is dropped. */
    public void cancel(Request r) {
        Long sent = ourRequests.remove(r);
        if (sent != null) {
            cancelledRequests.put(r, sent);
            sendWithRequest(CANCEL, r);
        }
    }

    /**
     * Answers a request of the peer with a block, without copying it. Takes ownership of
     * {@code block}. Returns false (and releases the block) if the request is no longer pending.
     */
    public boolean piece(int index, int begin, ByteBuf block) {
        Request r = new Request(index, begin, block.readableBytes());
        if (!messagesAllowed() || !peerRequests.remove(r)) {
            block.release();
            return false;
        }
        uploaded.add(block.readableBytes(), now);
        pieceHeader(small(PIECE_HEADER_LENGTH), index, begin, block.readableBytes());
        send(block);
        flushIfPending();
        return true;
    }

    /** Refuses a pending request of the peer (BEP 6). */
    public void reject(Request r) {
        requireFast();
        if (peerRequests.remove(r)) {
            sendWithRequest(REJECT, r);
        }
    }

    public void suggest(int index) {
        requireFast();
        sendWithIndex(SUGGEST, index);
    }

    /** Lets the peer request {@code index} while we choke it (BEP 6). */
    public void allowFast(int index) {
        requireFast();
        if (allowedFastForPeer.add(index)) {
            sendWithIndex(ALLOWED_FAST, index);
        }
    }

    /** Asks the peer for merkle hashes (BEP 52). */
    public void hashRequest(HashRequest r) {
        sendMessage(hashHeader(out.alloc(), HASH_REQUEST, r, 0));
    }

    /**
     * Answers a hash request of the peer (BEP 52).
     *
     * @param hashes the base-layer hashes then the uncle hashes, bottom up, 32 bytes each
     */
    public void hashes(HashRequest r, byte[] hashes) {
        if (hashes.length != 32L * (r.length() + r.uncleCount())) {
            throw new IllegalArgumentException(r + " is answered with " + (r.length() + r.uncleCount()) + " hashes");
        }
        ByteBuf message = hashHeader(out.alloc(), HASHES, r, hashes.length);
        sendMessage(message.writeBytes(hashes));
    }

    /** Refuses a hash request of the peer (BEP 52). */
    public void hashReject(HashRequest r) {
        sendMessage(hashHeader(out.alloc(), HASH_REJECT, r, 0));
    }

    /** Our DHT port (BEP 5). */
    public void port(int port) {
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("port");
        if (messagesAllowed()) {
            WireMessages.port(small(PORT_LENGTH), port);
            flushIfPending();
        }
    }

    /**
     * Sends a message of extension {@code name} under the id the peer chose. Takes ownership of
     * {@code payload}.
     *
     * @throws IllegalStateException if the peer does not support it (payload released)
     */
    public void sendExtended(String name, ByteBuf payload) {
        int id = theirExtendedHandshake == null ? 0 : theirExtendedHandshake.idOf(name);
        if (id == 0 || !messagesAllowed()) {
            payload.release();
            throw new IllegalStateException("peer does not support " + name);
        }
        extendedHeader(small(EXTENDED_HEADER_LENGTH), id, payload.readableBytes());
        send(payload);
        flushIfPending();
    }

    /** Closes the connection ourselves. */
    public void close() {
        close(CloseReason.LOCAL, null);
    }

    /** Closes the connection, telling the listener and extensions why. Idempotent. */
    public void close(CloseReason reason, Throwable cause) {
        if (phase == Phase.CLOSED) return;
        phase = Phase.CLOSED;
        if (cumulation != null && !inReceive) { // else receive() releases it once the parser let go
            cumulation.release();
            cumulation = null;
        }
        flushIfPendingEvenInReceive();
        out.close();
        for (RegisteredExtension r : extensions) {
            try {
                r.extension.onClose(reason);
            } catch (RuntimeException ignored) {
                // one failing extension must not keep the others or the listener from hearing of it
            }
        }
        listener.onClose(this, reason, cause);
    }

    // ------------------------------------------------------------------ state

    public boolean isClosed() { return phase == Phase.CLOSED; }
    public boolean isHandshakeComplete() { return phase == Phase.MESSAGES; }
    public Handshake ourHandshake() { return ours; }
    public Handshake peerHandshake() { return theirs; }
    /** True when both sides announced BEP 6. */
    public boolean isFast() { return fast; }
    /** True when both sides announced BEP 10. */
    public boolean isExtended() { return extended; }
    public ExtendedHandshake peerExtendedHandshake() { return theirExtendedHandshake; }
    public boolean amChoking() { return amChoking; }
    public boolean amInterested() { return amInterested; }
    public boolean peerChoking() { return peerChoking; }
    public boolean peerInterested() { return peerInterested; }
    public int numPieces() { return numPieces; }
    public boolean peerHasAll() { return peerHasAll; }

    public boolean peerHas(int index) {
        return peerHasAll || peerPieces.get(index);
    }

    /** A copy of the pieces the peer announced (with have all: every piece, once numPieces is known). */
    public BitSet peerPieces() {
        BitSet copy = (BitSet) peerPieces.clone();
        if (peerHasAll && numPieces > 0) copy.set(0, numPieces);
        return copy;
    }

    /** Our requests still waiting for a block. */
    public Set<Request> ourRequests() {
        return Collections.unmodifiableSet(ourRequests.keySet());
    }

    /** The peer's requests we have not answered yet. */
    public Set<Request> peerRequests() {
        return Collections.unmodifiableSet(peerRequests);
    }

    public Set<Integer> allowedFastForUs() {
        return Collections.unmodifiableSet(allowedFastForUs);
    }

    public double downloadRate() { return downloaded.bytesPerSecond(now); }
    public double uploadRate() { return uploaded.bytesPerSecond(now); }
    public long downloadedBytes() { return downloaded.total(); }
    public long uploadedBytes() { return uploaded.total(); }
    /** Bytes of blocks we did not (or no longer) request, dropped on arrival. */
    public long ignoredPieceBytes() { return ignoredPieceBytes; }
    public boolean isWritable() { return out.isWritable(); }
    public WireOptions options() { return options; }
    /** The wire's current time, as last given to {@link #tick}. */
    public long now() { return now; }

    // ------------------------------------------------------------------ parsing

    private boolean canAppend(ByteBuf data) {
        return cumulation.refCnt() == 1 && !cumulation.isReadOnly() && cumulation.writableBytes() >= data.readableBytes();
    }

    /**
     * Slices handed to a listener share the cumulation, so it is never written into: the partial
     * message at its head moves to a buffer of its own, sized for the whole message once its
     * header was checked, topped up with just the bytes of {@code data} it lacks. The rest of
     * {@code data} is then parsed in place: a read is copied at most one message's worth.
     */
    private void finishHead(ByteBuf data) {
        int readable = cumulation.readableBytes();
        int whole = phase == Phase.HANDSHAKE ? Handshake.LENGTH : Math.max(partialMessageLength(), 5);
        int take = Math.min(data.readableBytes(), Math.max(1, whole - readable));
        ByteBuf head = out.alloc().buffer(Math.max(readable + take, whole));
        head.writeBytes(cumulation).writeBytes(data, take);
        cumulation.release();
        cumulation = head;
    }

    /**
     * The full length of the message at the head of the cumulation when its header was already
     * read and checked against the limits (so it is safe to allocate), else 0: a message arriving
     * in many small reads is then copied once, not once per read.
     */
    private int partialMessageLength() {
        if (phase != Phase.MESSAGES || cumulation.readableBytes() < 5) {
            return 0;
        }
        return 4 + (int) cumulation.getUnsignedInt(cumulation.readerIndex());
    }

    private void parse() {
        if (phase == Phase.HANDSHAKE && !parseHandshake()) {
            return;
        }
        while (phase == Phase.MESSAGES && cumulation != null) {
            ByteBuf in = cumulation;
            int readable = in.readableBytes();
            if (readable < 4) return;
            int start = in.readerIndex();
            long length = in.getUnsignedInt(start);
            if (length == 0) {
                in.skipBytes(4);
                listener.onKeepAlive(this);
                continue;
            }
            if (length > maxAnyMessageLength()) {
                throw new WireProtocolException(CloseReason.MESSAGE_TOO_LONG, "message of " + length + " bytes");
            }
            if (readable < 5) return;
            int id = in.getUnsignedByte(start + 4);
            checkLength(id, (int) length);
            if (readable < 4 + length) return;
            in.readerIndex(start + 4 + (int) length);
            handle(in, id, start + 5, (int) length - 1);
        }
    }

    /** Returns true once the whole handshake has been read and we have answered it. */
    private boolean parseHandshake() {
        ByteBuf in = cumulation;
        int start = in.readerIndex();
        int readable = in.readableBytes();
        if (readable < 1) return false;
        if (in.getUnsignedByte(start) != Handshake.PROTOCOL.length) {
            throw new WireProtocolException(CloseReason.BAD_HANDSHAKE, "protocol name length " + in.getUnsignedByte(start));
        }
        int nameBytes = Math.min(readable - 1, Handshake.PROTOCOL.length);
        for (int i = 0; i < nameBytes; i++) {
            if (in.getByte(start + 1 + i) != Handshake.PROTOCOL[i]) {
                throw new WireProtocolException(CloseReason.BAD_HANDSHAKE, "not the BitTorrent protocol");
            }
        }
        if (theirInfoHash == null) {
            if (readable < 48) return false;
            theirInfoHash = ByteBufUtil.getBytes(in, start + 28, 20);
            if (ours != null) {
                if (!Arrays.equals(theirInfoHash, ours.infoHash())) {
                    throw new WireProtocolException(CloseReason.INFO_HASH_MISMATCH, "peer sent another info-hash");
                }
            } else {
                listener.onInfoHash(this, theirInfoHash.clone());
                if (phase == Phase.CLOSED) return false;
                if (ours == null) {
                    close(CloseReason.UNKNOWN_INFO_HASH, null);
                    return false;
                }
            }
        }
        if (readable < Handshake.LENGTH) return false;
        theirs = new Handshake(ByteBufUtil.getBytes(in, start + 20, 8), theirInfoHash, ByteBufUtil.getBytes(in, start + 48, 20));
        in.skipBytes(Handshake.LENGTH);
        bothHandshakesDone(); // first, so that the listener may send its bitfield right away
        listener.onHandshake(this, theirs);
        return phase == Phase.MESSAGES;
    }

    private void bothHandshakesDone() {
        phase = Phase.MESSAGES;
        fast = options.fast() && theirs.supportsFast();
        extended = options.extended() && theirs.supportsExtended();
        if (extended) {
            sendExtendedHandshake();
        }
    }

    private void sendExtendedHandshake() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RegisteredExtension r : extensions) {
            m.put(r.extension.name(), (long) r.id);
        }
        Map<String, Object> dict = new LinkedHashMap<>();
        dict.put("m", m);
        if (options.listenPort() > 0) dict.put("p", (long) options.listenPort());
        if (options.clientVersion() != null) dict.put("v", options.clientVersion());
        dict.put("reqq", (long) limits.maxPeerRequests());
        if (peerAddress != null) dict.put("yourip", peerAddress.clone());
        if (options.uploadOnly()) dict.put("upload_only", 1L);
        for (RegisteredExtension r : extensions) {
            r.extension.addHandshakeFields(dict);
        }
        byte[] payload = Bencode.encode(dict);
        extendedHeader(small(EXTENDED_HEADER_LENGTH + payload.length), 0, payload.length).writeBytes(payload);
        extendedHandshakeSent = true;
    }

    private long maxAnyMessageLength() {
        return Math.max(Math.max(Math.max(9L + limits.maxBlockLength(), 2L + limits.maxExtendedMessageLength()),
                Math.max(1L + maxBitfieldBytes(), limits.maxUnknownMessageLength())), maxHashesMessageLength());
    }

    /** A hashes message: the header, the base-layer hashes and at most one uncle per layer. */
    private long maxHashesMessageLength() {
        return 1L + HashRequest.BODY_LENGTH + 32L * (limits.maxHashesPerMessage() + HashRequest.MAX_LAYERS);
    }

    private int maxBitfieldBytes() {
        return ((numPieces > 0 ? numPieces : limits.maxPieces()) + 7) / 8;
    }

    private void checkLength(int id, int length) {
        switch (id) {
            case CHOKE, UNCHOKE, INTERESTED, NOT_INTERESTED, HAVE_ALL, HAVE_NONE -> exact(id, length, 1);
            case HAVE, SUGGEST, ALLOWED_FAST -> exact(id, length, 5);
            case REQUEST, CANCEL, REJECT -> exact(id, length, 13);
            case PORT -> exact(id, length, 3);
            case HASH_REQUEST, HASH_REJECT -> exact(id, length, 1 + HashRequest.BODY_LENGTH);
            case HASHES -> {
                if (length > maxHashesMessageLength()) {
                    throw new WireProtocolException(CloseReason.MESSAGE_TOO_LONG, "hashes message of " + length + " bytes");
                }
                if (length < 1 + HashRequest.BODY_LENGTH || (length - 1 - HashRequest.BODY_LENGTH) % 32 != 0) {
                    throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "hashes message of " + length + " bytes");
                }
            }
            case BITFIELD -> {
                if (length - 1 > maxBitfieldBytes()) {
                    throw new WireProtocolException(CloseReason.MESSAGE_TOO_LONG, "bitfield of " + (length - 1) + " bytes");
                }
                if (numPieces > 0 && length - 1 != maxBitfieldBytes()) {
                    throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "bitfield of " + (length - 1)
                            + " bytes for " + numPieces + " pieces");
                }
            }
            case PIECE -> {
                if (length > 9 + limits.maxBlockLength()) {
                    throw new WireProtocolException(CloseReason.MESSAGE_TOO_LONG, "block of " + (length - 9) + " bytes");
                }
                if (length <= 9) {
                    throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "empty piece message");
                }
            }
            case EXTENDED -> {
                if (length > 2 + limits.maxExtendedMessageLength()) {
                    throw new WireProtocolException(CloseReason.MESSAGE_TOO_LONG, "extended message of " + length + " bytes");
                }
                if (length < 2) {
                    throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "extended message without id");
                }
            }
            default -> {
                if (length > limits.maxUnknownMessageLength()) {
                    throw new WireProtocolException(CloseReason.MESSAGE_TOO_LONG, "unknown message " + id + " of " + length + " bytes");
                }
            }
        }
    }

    private static void exact(int id, int length, int expected) {
        if (length != expected) {
            throw new WireProtocolException(length > expected ? CloseReason.MESSAGE_TOO_LONG : CloseReason.MALFORMED_MESSAGE,
                    "message " + id + " must be " + expected + " bytes, not " + length);
        }
    }

    /** Handles one complete message whose body is {@code in[body, body + length)}. */
    private void handle(ByteBuf in, int id, int body, int length) {
        switch (id) {
            case CHOKE -> onChoke();
            case UNCHOKE -> {
                peerChoking = false;
                listener.onUnchoke(this);
            }
            case INTERESTED -> {
                peerInterested = true;
                listener.onInterested(this);
            }
            case NOT_INTERESTED -> {
                peerInterested = false;
                listener.onNotInterested(this);
            }
            case HAVE -> {
                int index = checkIndex(in.getInt(body));
                peerPieces.set(index);
                listener.onHave(this, index);
            }
            case BITFIELD -> onBitfield(in, body, length);
            case REQUEST -> onRequest(readRequest(in, body));
            case PIECE -> onPiece(in, body, length);
            case CANCEL -> {
                Request r = readRequest(in, body);
                if (peerRequests.remove(r)) {
                    // BEP 6: a request gets exactly one answer; a cancelled one, the reject.
                    if (fast) withRequest(small(WITH_REQUEST_LENGTH), REJECT, r);
                    listener.onCancel(this, r);
                }
            }
            case PORT -> listener.onPort(this, in.getUnsignedShort(body));
            case SUGGEST -> {
                requirePeerFast(id);
                listener.onSuggest(this, checkIndex(in.getInt(body)));
            }
            case HAVE_ALL -> {
                requirePeerFast(id);
                peerHasAll = true;
                listener.onHaveAll(this);
            }
            case HAVE_NONE -> {
                requirePeerFast(id);
                listener.onHaveNone(this);
            }
            case REJECT -> {
                requirePeerFast(id);
                Request r = readRequest(in, body);
                if (cancelledRequests.remove(r) != null) {
                    return; // BEP 6 lets a peer answer a cancel with a reject
                }
                if (ourRequests.remove(r) == null) {
                    throw new WireProtocolException(CloseReason.UNSOLICITED_REJECT, "reject of " + r + " never requested");
                }
                listener.onRequestFailed(this, r, RequestFailure.REJECTED);
            }
            case ALLOWED_FAST -> {
                requirePeerFast(id);
                int index = checkIndex(in.getInt(body));
                if (allowedFastForUs.contains(index) || allowedFastForUs.size() < MAX_ALLOWED_FAST) {
                    allowedFastForUs.add(index);
                    listener.onAllowedFast(this, index);
                } // more are ignored: a set of one boxed index each, up to 2^21 of them, is not ours to keep
            }
            case EXTENDED -> onExtended(in, body, length);
            case HASH_REQUEST -> listener.onHashRequest(this, readHashRequest(in, body));
            case HASHES -> onHashes(in, body, length);
            case HASH_REJECT -> listener.onHashReject(this, readHashRequest(in, body));
            default -> {
                // BEP 3 has no rule for unknown messages; skipping them keeps us compatible with
                // clients that speak extensions we do not, and the length was bounded above.
            }
        }
    }

    private void onChoke() {
        peerChoking = true;
        listener.onChoke(this);
        if (!fast && !ourRequests.isEmpty()) {
            List<Request> dropped = new ArrayList<>(ourRequests.keySet());
            ourRequests.clear();
            for (Request r : dropped) {
                listener.onRequestFailed(this, r, RequestFailure.CHOKED);
            }
        }
    }

    private void onBitfield(ByteBuf in, int body, int length) {
        BitSet bits = new BitSet();
        for (int i = 0; i < length; i++) {
            int v = in.getUnsignedByte(body + i);
            for (int bit = 0; bit < 8; bit++) {
                if ((v & (0x80 >>> bit)) != 0) {
                    bits.set(i * 8 + bit);
                }
            }
        }
        if (numPieces > 0 && bits.length() > numPieces) {
            throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "bitfield has spare bits set");
        }
        peerPieces.or(bits);
        listener.onBitfield(this, bits);
    }

    private void onRequest(Request r) {
        if (r.length() <= 0 || r.length() > limits.maxBlockLength()) {
            throw new WireProtocolException(CloseReason.REQUEST_TOO_LONG, "request of " + r.length() + " bytes");
        }
        if (r.begin() < 0) {
            throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "negative offset in " + r);
        }
        checkIndex(r.index());
        if (amChoking && !allowedFastForPeer.contains(r.index())) {
            // A request racing our choke: BEP 6 answers it with a reject, BEP 3 simply drops it.
            if (fast) withRequest(small(WITH_REQUEST_LENGTH), REJECT, r);
            return;
        }
        if (peerRequests.contains(r)) {
            return;
        }
        if (peerRequests.size() >= limits.maxPeerRequests()) {
            throw new WireProtocolException(CloseReason.TOO_MANY_REQUESTS, "more than " + limits.maxPeerRequests() + " queued requests");
        }
        peerRequests.add(r);
        listener.onRequest(this, r);
    }

    private void onPiece(ByteBuf in, int body, int length) {
        int index = in.getInt(body);
        int begin = in.getInt(body + 4);
        int blockLength = length - 8;
        Request r = new Request(index, begin, blockLength);
        if (ourRequests.remove(r) == null) {
            cancelledRequests.remove(r);
            ignoredPieceBytes += blockLength;
            return;
        }
        downloaded.add(blockLength, now);
        listener.onPiece(this, index, begin, in.retainedSlice(body + 8, blockLength));
    }

    private void onExtended(ByteBuf in, int body, int length) {
        if (!extended) {
            throw new WireProtocolException(CloseReason.UNEXPECTED_MESSAGE, "extended message without BEP 10");
        }
        int extId = in.getUnsignedByte(body);
        ByteBuf payload = in.slice(body + 1, length - 1);
        if (extId == 0) {
            onExtendedHandshake(payload);
            return;
        }
        if (extId > extensions.size()) {
            return; // an id we never assigned: the peer's mistake, harmless
        }
        RegisteredExtension r = extensions.get(extId - 1);
        try {
            r.extension.onMessage(payload);
        } catch (BencodeException | BencodeTypeException e) {
            throw new WireProtocolException(CloseReason.MALFORMED_EXTENSION_MESSAGE, r.extension.name() + ": " + e.getMessage());
        }
    }

    private void onExtendedHandshake(ByteBuf payload) {
        Object decoded;
        try {
            decoded = Bencode.decode(ByteBufUtil.getBytes(payload), BencodeLimits.DEFAULT.withMaxDepth(20));
        } catch (BencodeException e) {
            throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "extended handshake: " + e.getMessage());
        }
        if (!(decoded instanceof Map<?, ?>)) {
            throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "extended handshake is not a dictionary");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dict = (Map<String, Object>) decoded;
        ExtendedHandshake hs;
        try {
            hs = ExtendedHandshake.parse(dict);
        } catch (BencodeTypeException e) {
            throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "extended handshake: " + e.getMessage());
        }
        theirExtendedHandshake = hs;
        listener.onExtendedHandshake(this, hs);
        for (RegisteredExtension r : extensions) {
            if (phase == Phase.CLOSED) return;
            if (hs.idOf(r.extension.name()) != 0) {
                try {
                    r.extension.onExtendedHandshake(hs);
                } catch (BencodeException | BencodeTypeException e) {
                    throw new WireProtocolException(CloseReason.MALFORMED_EXTENSION_MESSAGE, r.extension.name() + ": " + e.getMessage());
                }
            }
        }
    }

    private void onHashes(ByteBuf in, int body, int length) {
        HashRequest r = readHashRequest(in, body);
        int count = (length - HashRequest.BODY_LENGTH) / 32;
        if (count != r.length() + r.uncleCount()) {
            throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, count + " hashes answer " + r);
        }
        listener.onHashes(this, r, ByteBufUtil.getBytes(in, body + HashRequest.BODY_LENGTH, count * 32));
    }

    /** The header of a hash request, hashes or hash reject, with its numbers bounded. */
    private HashRequest readHashRequest(ByteBuf in, int body) {
        HashRequest r = new HashRequest(ByteBufUtil.getBytes(in, body, 32), in.getInt(body + 32), in.getInt(body + 36),
                in.getInt(body + 40), in.getInt(body + 44));
        if (r.length() > limits.maxHashesPerMessage()) {
            throw new WireProtocolException(CloseReason.REQUEST_TOO_LONG, r + " asks more than " + limits.maxHashesPerMessage() + " hashes");
        }
        if (r.baseLayer() < 0 || r.baseLayer() >= HashRequest.MAX_LAYERS || r.proofLayers() < 0
                || r.proofLayers() >= HashRequest.MAX_LAYERS || r.index() < 0 || r.length() < 1) {
            throw new WireProtocolException(CloseReason.MALFORMED_MESSAGE, "impossible " + r);
        }
        return r;
    }

    private Request readRequest(ByteBuf in, int body) {
        return new Request(in.getInt(body), in.getInt(body + 4), in.getInt(body + 8));
    }

    private int checkIndex(int index) {
        int max = numPieces > 0 ? numPieces : limits.maxPieces();
        if (index < 0 || index >= max) {
            throw new WireProtocolException(CloseReason.PIECE_INDEX_OUT_OF_RANGE, "piece " + Integer.toUnsignedString(index) + " of " + max);
        }
        return index;
    }

    private void requirePeerFast(int id) {
        if (!fast) {
            throw new WireProtocolException(CloseReason.UNEXPECTED_MESSAGE, "fast extension message " + id + " without BEP 6");
        }
    }

    private void requireFast() {
        if (!fast) throw new IllegalStateException("the fast extension (BEP 6) is not enabled on both sides");
    }

    // ------------------------------------------------------------------ sending helpers

    private boolean messagesAllowed() {
        return phase == Phase.MESSAGES;
    }

    private void sendMessage(ByteBuf message) {
        if (!messagesAllowed()) {
            message.release();
            return;
        }
        send(message);
        flushIfPending();
    }

    private void send(ByteBuf message) {
        if (phase == Phase.CLOSED) {
            message.release();
            return;
        }
        writeBatch();
        lastSent = now;
        out.write(message);
        flushPending = true;
    }

    private void sendSimple(int id) {
        if (messagesAllowed()) {
            simple(small(SIMPLE_LENGTH), id);
            flushIfPending();
        }
    }

    private void sendWithIndex(int id, int index) {
        if (messagesAllowed()) {
            withIndex(small(WITH_INDEX_LENGTH), id, index);
            flushIfPending();
        }
    }

    private void sendWithRequest(int id, Request r) {
        if (messagesAllowed()) {
            withRequest(small(WITH_REQUEST_LENGTH), id, r);
            flushIfPending();
        }
    }

    /**
     * Room for a small message at the end of the batch, which goes out as one write before the
     * next bigger message or at the flush: a flush's requests or haves then cost one buffer and
     * one write, not one each. The batch lives until the flush, never across calls or reads.
     * Callers check first that the connection is open.
     */
    private ByteBuf small(int length) {
        if (batch != null && batch.writableBytes() < length) {
            endBatch();
        }
        if (batch == null) {
            batch = out.alloc().buffer(Math.max(BATCH_BYTES, length));
        }
        lastSent = now;
        flushPending = true;
        return batch;
    }

    /** Writes what the batch holds, and keeps its room for the messages that follow (before a block). */
    private void writeBatch() {
        if (batch != null && batch.isReadable()) {
            out.write(batch.retainedSlice());
            batch.readerIndex(batch.writerIndex());
        }
    }

    /** Writes what the batch holds and lets go of it. */
    private void endBatch() {
        if (batch != null) {
            if (batch.isReadable()) {
                out.write(batch);
            } else {
                batch.release();
            }
            batch = null;
        }
    }

    private void flushIfPending() {
        if (!inReceive) flushIfPendingEvenInReceive();
    }

    private void flushIfPendingEvenInReceive() {
        if (flushPending) {
            flushPending = false;
            endBatch();
            out.flush();
        }
    }

    private void fail(WireProtocolException e) {
        close(e.reason(), e);
    }

    /** An installed extension and the id we receive it under. */
    private final class RegisteredExtension implements ExtensionContext {
        final WireExtension extension;
        final int id;

        RegisteredExtension(WireExtension extension, int id) {
            this.extension = extension;
            this.id = id;
        }

        @Override
        public Wire wire() {
            return Wire.this;
        }

        @Override
        public boolean peerSupports() {
            return theirExtendedHandshake != null && theirExtendedHandshake.idOf(extension.name()) != 0;
        }

        @Override
        public void send(ByteBuf payload) {
            sendExtended(extension.name(), payload);
        }

        @Override
        public void send(byte[] payload) {
            sendExtended(extension.name(), out.alloc().buffer(payload.length).writeBytes(payload));
        }

        @Override
        public void misbehaved(String why) {
            fail(new WireProtocolException(CloseReason.PEER_MISBEHAVED, extension.name() + ": " + why));
        }
    }
}

package org.webtorrent4j.metadata.interop;

import io.netty.buffer.ByteBuf;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.metadata.MetadataFetcher;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.ExtendedHandshake;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.Request;
import org.webtorrent4j.wire.RequestFailure;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;

/**
 * A leecher's wire listener for the interop tests: once the metadata is fetched it declares
 * interest, requests piece 0 block by block when unchoked and verifies it against the v1 hash.
 */
final class PieceDownload implements WireListener {
    private static final int BLOCK = 16 * 1024;
    final CompletableFuture<byte[]> verifiedPiece = new CompletableFuture<>();
    final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final MetadataFetcher fetcher;
    private byte[] piece;
    private byte[] expectedHash;
    private int received;
    private final long started = System.nanoTime();
    /** What happened when, printed by the test: the conversation with a real client is a black box otherwise. */
    final StringBuffer log = new StringBuffer();

    void log(String event) {
        log.append(String.format("%6d ms %s%n", (System.nanoTime() - started) / 1_000_000, event));
    }

    PieceDownload(MetadataFetcher fetcher) {
        this.fetcher = fetcher;
    }

    /** Call on the wire's thread right after the wire is created. */
    void attach(Wire wire) {
        fetcher.future().thenAccept(metadata -> start(wire, metadata));
    }

    private void start(Wire wire, byte[] metadata) {
        log("metadata verified, " + metadata.length + " bytes");
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) Bencode.decode(metadata);
        long pieceLength = BencodedDictionary.integer(info, "piece length");
        byte[] hashes = BencodedDictionary.bytes(info, "pieces");
        long length = BencodedDictionary.integer(info, "length");
        wire.setNumPieces(hashes.length / 20);
        piece = new byte[(int) Math.min(pieceLength, length)];
        expectedHash = Arrays.copyOf(hashes, 20);
        wire.interested();
        if (!wire.peerChoking()) {
            requestPiece(wire);
        }
    }

    @Override
    public void onHandshake(Wire wire, Handshake h) {
        log("handshake, fast=" + wire.isFast() + " extended=" + wire.isExtended());
        if (wire.isFast()) {
            wire.haveNone(); // BEP 6: announce our (empty) pieces first; the metadata is not known yet
        }
    }

    @Override
    public void onExtendedHandshake(Wire wire, ExtendedHandshake h) {
        log("extended handshake " + h.client() + " " + h.messageIds() + " metadata_size=" + h.metadataSize());
    }

    @Override
    public void onChoke(Wire wire) {
        log("choked");
    }

    @Override
    public void onRequestFailed(Wire wire, Request r, RequestFailure failure) {
        log("request " + r + " failed: " + failure);
        if (!wire.peerChoking()) {
            wire.request(r.index(), r.begin(), r.length()); // as any client would: ask again
        }
    }

    @Override
    public void onUnchoke(Wire wire) {
        log("unchoked");
        if (piece != null) requestPiece(wire);
    }

    private void requestPiece(Wire wire) {
        for (int begin = 0; begin < piece.length; begin += BLOCK) {
            wire.request(0, begin, Math.min(BLOCK, piece.length - begin));
        }
    }

    @Override
    public void onPiece(Wire wire, int index, int begin, ByteBuf block) {
        try {
            int n = block.readableBytes();
            block.readBytes(piece, begin, n);
            received += n;
        } finally {
            block.release();
        }
        log("block " + index + "/" + begin);
        if (received == piece.length) {
            if (Arrays.equals(expectedHash, sha1(piece))) {
                verifiedPiece.complete(piece);
            } else {
                verifiedPiece.completeExceptionally(new AssertionError("piece 0 failed its hash"));
            }
        }
    }

    @Override
    public void onClose(Wire wire, CloseReason reason, Throwable cause) {
        log("closed " + reason);
        closed.complete(reason);
        AssertionError e = new AssertionError("wire closed: " + reason, cause);
        verifiedPiece.completeExceptionally(e);
        fetcher.future().completeExceptionally(e);
    }

    static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}

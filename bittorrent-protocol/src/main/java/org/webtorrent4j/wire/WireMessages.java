package org.webtorrent4j.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.BitSet;

/**
 * Message ids and the serializer of the peer wire. The fixed-size messages are appended to a
 * buffer the caller gives; the others come in a new buffer the caller owns. A piece message is
 * written as a 13-byte header followed by the block, unchanged, so that the block can be sent
 * without a copy.
 */
public final class WireMessages {
    public static final int CHOKE = 0;
    public static final int UNCHOKE = 1;
    public static final int INTERESTED = 2;
    public static final int NOT_INTERESTED = 3;
    public static final int HAVE = 4;
    public static final int BITFIELD = 5;
    public static final int REQUEST = 6;
    public static final int PIECE = 7;
    public static final int CANCEL = 8;
    public static final int PORT = 9;
    public static final int SUGGEST = 0x0D;
    public static final int HAVE_ALL = 0x0E;
    public static final int HAVE_NONE = 0x0F;
    public static final int REJECT = 0x10;
    public static final int ALLOWED_FAST = 0x11;
    public static final int EXTENDED = 20;
    /** BEP 52. */
    public static final int HASH_REQUEST = 21;
    public static final int HASHES = 22;
    public static final int HASH_REJECT = 23;

    /** Length prefix, id, index and begin in front of a piece's block. */
    public static final int PIECE_HEADER_LENGTH = 13;

    private WireMessages() {}

    public static ByteBuf handshake(ByteBufAllocator alloc, Handshake h) {
        ByteBuf b = alloc.buffer(Handshake.LENGTH);
        b.writeByte(Handshake.PROTOCOL.length).writeBytes(Handshake.PROTOCOL);
        b.writeBytes(h.reserved()).writeBytes(h.infoHash()).writeBytes(h.peerId());
        return b;
    }

    public static final int KEEP_ALIVE_LENGTH = 4;
    public static final int SIMPLE_LENGTH = 5;
    public static final int WITH_INDEX_LENGTH = 9;
    public static final int WITH_REQUEST_LENGTH = 17;
    public static final int PORT_LENGTH = 7;
    public static final int EXTENDED_HEADER_LENGTH = 6;

    // The fixed-size messages are appended to a buffer the caller provides (a wire batches them).

    public static ByteBuf keepAlive(ByteBuf out) {
        return out.writeInt(0);
    }

    /** choke, unchoke, interested, not interested, have all, have none. */
    public static ByteBuf simple(ByteBuf out, int id) {
        return out.writeInt(1).writeByte(id);
    }

    /** have, suggest, allowed fast. */
    public static ByteBuf withIndex(ByteBuf out, int id, int index) {
        return out.writeInt(5).writeByte(id).writeInt(index);
    }

    /** request, cancel, reject. */
    public static ByteBuf withRequest(ByteBuf out, int id, Request r) {
        return out.writeInt(13).writeByte(id).writeInt(r.index()).writeInt(r.begin()).writeInt(r.length());
    }

    public static ByteBuf pieceHeader(ByteBuf out, int index, int begin, int blockLength) {
        return out.writeInt(9 + blockLength).writeByte(PIECE).writeInt(index).writeInt(begin);
    }

    public static ByteBuf port(ByteBuf out, int port) {
        return out.writeInt(3).writeByte(PORT).writeShort(port);
    }

    public static ByteBuf bitfield(ByteBufAllocator alloc, BitSet pieces, int numPieces) {
        int bytes = (numPieces + 7) / 8;
        ByteBuf b = alloc.buffer(5 + bytes).writeInt(1 + bytes).writeByte(BITFIELD);
        for (int i = 0; i < bytes; i++) {
            int v = 0;
            for (int bit = 0; bit < 8; bit++) {
                int piece = i * 8 + bit;
                if (piece < numPieces && pieces.get(piece)) {
                    v |= 0x80 >>> bit;
                }
            }
            b.writeByte(v);
        }
        return b;
    }

    /** Header of an extended message whose payload of {@code payloadLength} bytes follows. */
    public static ByteBuf extendedHeader(ByteBuf out, int extendedId, int payloadLength) {
        return out.writeInt(2 + payloadLength).writeByte(EXTENDED).writeByte(extendedId);
    }

    /** hash request, hash reject; followed by {@code extraBytes} more when it heads a hashes message. */
    public static ByteBuf hashHeader(ByteBufAllocator alloc, int id, HashRequest r, int extraBytes) {
        ByteBuf b = alloc.buffer(5 + HashRequest.BODY_LENGTH + extraBytes);
        b.writeInt(1 + HashRequest.BODY_LENGTH + extraBytes).writeByte(id).writeBytes(r.piecesRoot());
        return b.writeInt(r.baseLayer()).writeInt(r.index()).writeInt(r.length()).writeInt(r.proofLayers());
    }
}

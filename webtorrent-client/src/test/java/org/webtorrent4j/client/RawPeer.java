package org.webtorrent4j.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.Request;
import org.webtorrent4j.wire.WireMessages;

/** A bare peer-wire connection, byte by byte, for tests that play a misbehaving peer. */
final class RawPeer implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    /** Connects and exchanges handshakes (no extensions). */
    RawPeer(InetSocketAddress to, byte[] infoHash) throws IOException {
        socket = new Socket(to.getAddress(), to.getPort());
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        send(WireMessages.handshake(UnpooledByteBufAllocator.DEFAULT, new Handshake(new byte[8], infoHash, new byte[20])));
        in.readFully(new byte[Handshake.LENGTH]);
    }

    /** Says it is interested and reads up to the unchoke. */
    void interestedUntilUnchoked() throws IOException {
        out.write(new byte[] {0, 0, 0, 1, WireMessages.INTERESTED});
        while (true) {
            byte[] message = next();
            if (message.length == 1 && message[0] == WireMessages.UNCHOKE) {
                return;
            }
        }
    }

    void request(Request r) throws IOException {
        send(WireMessages.withRequest(Unpooled.buffer(), WireMessages.REQUEST, r));
    }

    void cancel(Request r) throws IOException {
        send(WireMessages.withRequest(Unpooled.buffer(), WireMessages.CANCEL, r));
    }

    /** The next message's id and body (empty for a keep-alive). */
    byte[] next() throws IOException {
        byte[] message = new byte[in.readInt()];
        in.readFully(message);
        return message;
    }

    /** Reads whatever comes until the peer hangs up; returns what the last read returned (-1: closed). */
    int drain() throws IOException {
        byte[] sink = new byte[4096];
        int n;
        while ((n = in.read(sink)) > 0) {
            // whatever was on its way before the close
        }
        return n;
    }

    private void send(ByteBuf message) throws IOException {
        try {
            out.write(ByteBufUtil.getBytes(message));
        } finally {
            message.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

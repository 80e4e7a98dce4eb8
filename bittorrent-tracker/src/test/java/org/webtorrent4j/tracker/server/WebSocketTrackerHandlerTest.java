package org.webtorrent4j.tracker.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.webtorrent4j.tracker.AnnounceEvent;
import org.webtorrent4j.tracker.Id20;
import org.webtorrent4j.tracker.ws.WsMessage;
import org.webtorrent4j.tracker.ws.WsMessageCodec;

/** The WebSocket handler on its own: what one socket may announce, and what its close removes. */
class WebSocketTrackerHandlerTest {

    /** A socket may carry several peer ids (clients sharing one socket per tracker URL). */
    @Test
    void aClosedSocketLeavesNoPeerBehindWhateverItsPeerIds() {
        SwarmRegistry registry = new SwarmRegistry(TrackerServerOptions.defaults());
        EmbeddedChannel socket = new EmbeddedChannel(new WebSocketTrackerHandler(registry, TrackerServerOptions.defaults()));
        Id20 torrent = Id20.random();
        for (Id20 infoHash : List.of(torrent, torrent, Id20.random())) {
            socket.writeInbound(announce(infoHash, Id20.random()));
            assertInstanceOf(WsMessage.AnnounceReply.class, reply(socket));
        }
        assertEquals(3, registry.stats().peersWebSocket());
        socket.close();
        socket.finishAndReleaseAll();
        assertEquals(0, registry.stats().peersWebSocket());
    }

    private static TextWebSocketFrame announce(Id20 infoHash, Id20 peerId) {
        return new TextWebSocketFrame(WsMessageCodec.write(new WsMessage.Announce(infoHash, peerId, 0, 0, 5,
                AnnounceEvent.STARTED, 0, List.of(), null, null, null, null)));
    }

    private static WsMessage reply(EmbeddedChannel socket) {
        TextWebSocketFrame frame = socket.readOutbound();
        try {
            return WsMessageCodec.parseReply(frame.text());
        } finally {
            frame.release();
        }
    }
}

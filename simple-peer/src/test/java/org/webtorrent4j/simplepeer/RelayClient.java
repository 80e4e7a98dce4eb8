package org.webtorrent4j.simplepeer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A member of a {@link Relay} room: sends text messages and hands whole received ones to a consumer. */
public final class RelayClient implements AutoCloseable {
    private final WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private RelayClient(WebSocket socket) {
        this.socket = socket;
    }

    public static RelayClient connect(URI uri, Consumer<String> onText) throws Exception {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    onText.accept(text);
                }
                webSocket.request(1);
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        return new RelayClient(ws);
    }

    /** Sends in order: the JDK WebSocket allows one outstanding send at a time. */
    public synchronized void send(String text) {
        sending = sending.thenCompose(x -> socket.sendText(text, true));
    }

    @Override
    public void close() {
        socket.abort();
    }
}

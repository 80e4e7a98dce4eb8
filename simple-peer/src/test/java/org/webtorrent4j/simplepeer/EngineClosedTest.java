package org.webtorrent4j.simplepeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer whose engine closed before it started: no native code runs, and nothing hangs. */
class EngineClosedTest {

    @Test
    void aSendAfterTheEngineClosedFailsAtOnce() throws Exception {
        WebRtcEngine engine = new WebRtcEngine();
        CountDownLatch hold = new CountDownLatch(1);
        engine.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Peer peer = engine.createPeer(true, PeerOptions.defaults(), new PeerListener() {});
        Thread closer = new Thread(engine::close);
        closer.start();
        while (!engine.isClosed()) {
            Thread.onSpinWait();
        }
        hold.countDown();
        closer.join(10_000);
        assertTrue(peer.closeFuture().isDone(), "the peer closed with its engine");
        CompletableFuture<Void> sent = peer.send(new byte[10]);
        ExecutionException e = assertThrows(ExecutionException.class, () -> sent.get(2, TimeUnit.SECONDS));
        assertInstanceOf(PeerClosedException.class, e.getCause());
        assertEquals(0, peer.queuedBytes(), "nothing counts as queued");
    }
}

package org.webtorrent4j.tracker.client;

import java.net.URI;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.webtorrent4j.tracker.AnnounceResponse;
import org.webtorrent4j.tracker.ws.WsMessage;

/** Collects what a client reports, for tests to wait on. */
public final class RecordingListener implements TrackerListener {
    public final LinkedBlockingQueue<AnnounceResponse> announces = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<WsMessage.RelayedOffer> offers = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<WsMessage.RelayedAnswer> answers = new LinkedBlockingQueue<>();
    public final LinkedBlockingQueue<URI> offerTrackers = new LinkedBlockingQueue<>();

    @Override
    public void onAnnounce(URI tracker, AnnounceResponse response) {
        announces.add(response);
    }

    @Override
    public void onError(URI tracker, Throwable error) {
        errors.add(error);
    }

    @Override
    public void onOffer(URI tracker, WsMessage.RelayedOffer offer) {
        offerTrackers.add(tracker);
        offers.add(offer);
    }

    @Override
    public void onAnswer(URI tracker, WsMessage.RelayedAnswer answer) {
        answers.add(answer);
    }

    public static <T> T take(LinkedBlockingQueue<T> q) throws InterruptedException {
        T t = q.poll(30, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("nothing arrived within 30 s");
        }
        return t;
    }
}

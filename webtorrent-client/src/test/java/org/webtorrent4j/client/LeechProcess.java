package org.webtorrent4j.client;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.webtorrent4j.torrent.Torrent;

/**
 * A leecher in its own JVM, for the crash test: downloads a torrent from one peer and prints
 * "verified N" after each verified piece, until it is killed.
 * Arguments: torrent file, download folder, peer host, peer port.
 */
public final class LeechProcess {
    private LeechProcess() {}

    public static void main(String[] args) throws Exception {
        Torrent torrent = Torrent.parse(Path.of(args[0]));
        WebTorrent client = LoopbackSwarmTest.client(Path.of(args[1]));
        TorrentHandle handle = client.add(torrent, AddOptions.builder()
                .peers(List.of(new InetSocketAddress(args[2], Integer.parseInt(args[3])))).build());
        handle.addListener(new TorrentListener() {
            @Override
            public void onPieceVerified(int piece) {
                System.out.println("verified " + handle.verifiedPieces().cardinality());
                System.out.flush();
            }
        });
        handle.done().join();
        System.out.println("done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

package org.webtorrent4j.metadata.interop;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.metadata.MetadataFetcher;
import org.webtorrent4j.metadata.UtMetadata;
import org.webtorrent4j.testkit.Interop;
import org.webtorrent4j.testkit.ProcessRunner;
import org.webtorrent4j.testkit.RealPeer;
import org.webtorrent4j.wire.CloseReason;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireOptions;

/**
 * Our Wire against real clients over loopback TCP: handshake, extended handshake, metadata by
 * ut_metadata from the info-hash alone, one verified piece; and a real client fetching the
 * metadata from us. Run inside a loopback-only namespace (-Pinterop).
 */
@Tag("interop")
class RealPeerInteropTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path work;

    private static byte[] peerId() {
        byte[] id = Arrays.copyOf("-WJ0001-".getBytes(StandardCharsets.US_ASCII), 20);
        byte[] tail = new byte[12];
        new SecureRandom().nextBytes(tail);
        for (int i = 0; i < 12; i++) id[8 + i] = (byte) ('a' + (tail[i] & 0x0f));
        return id;
    }

    /** Connects, fetches the metadata (verified with SHA-256 when given a v2 hash), downloads piece 0. */
    private static byte[] fetchFrom(int port, byte[] v1, byte[] verifyHash) throws Exception {
        MetadataFetcher fetcher = new MetadataFetcher(verifyHash);
        PieceDownload download = new PieceDownload(fetcher);
        try (TcpPeers tcp = new TcpPeers()) {
            WireOptions options = WireOptions.builder().requestTimeout(Duration.ofSeconds(10)).build();
            Channel ch = tcp.dial(port, options, download, (wire, wireThread) -> {
                wire.use(new UtMetadata(fetcher));
                download.attach(wire, wireThread);
                wire.handshake(v1, peerId());
            });
            byte[] metadata;
            try {
                metadata = fetcher.future().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                download.verifiedPiece.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } finally {
                System.out.print("conversation with the peer on port " + port + ":\n" + download.log);
            }
            assertArrayEquals(v1, PieceDownload.sha1(metadata), "metadata matches the v1 info-hash too");
            Wire wire = ch.eventLoop().submit(() -> ch.pipeline().get(org.webtorrent4j.wire.netty.WireHandler.class).wire()).get();
            assertTrue(wire.isExtended(), "extended handshake done");
            ch.close().sync();
            return metadata;
        }
    }

    @Test
    void ourWireFetchesMetadataAndAPieceFromLibtorrent() throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Interop.assumePythonModule("libtorrent");
        int port = Interop.freePort();
        try (RealPeer seeder = RealPeer.libtorrent(Map.of(), "hybrid", "-", work.toString(), Integer.toString(port))) {
            String[] hashes = seeder.awaitLine("HASHES", TIMEOUT).split(" ");
            seeder.awaitLine("READY", TIMEOUT);
            byte[] v1 = HEX.parseHex(hashes[1]);
            byte[] v2 = HEX.parseHex(hashes[2]);
            byte[] metadata = fetchFrom(port, v1, v2); // a hybrid torrent: verify the metadata by SHA-256
            assertArrayEquals(v2, java.security.MessageDigest.getInstance("SHA-256").digest(metadata));
        }
    }

    @Test
    void ourWireFetchesMetadataAndAPieceFromAria2() throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Interop.assumeBinary("aria2c");
        Interop.assumeBinary("mktorrent");
        byte[] data = new byte[200 * 1024 + 77];
        new SecureRandom().nextBytes(data);
        Files.write(work.resolve("data.bin"), data);
        ProcessRunner.run(TIMEOUT, List.of("mktorrent", "-l", "16", "-a", "http://127.0.0.1:9/announce", "-o", "t.torrent", "data.bin"), work)
                .requireSuccess();
        byte[] torrent = Files.readAllBytes(work.resolve("t.torrent"));
        BencodedDictionary dict = Bencode.decodeDictionary(torrent, BencodeLimits.DEFAULT);
        byte[] v1 = PieceDownload.sha1(dict.spans().get("info").copyOf(torrent));
        int port = Interop.freePort();
        Process aria2 = new ProcessBuilder("aria2c", "--no-conf=true", "--enable-dht=false", "--enable-dht6=false",
                "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--disable-ipv6=true", "--interface=127.0.0.1",
                "--listen-port=" + port, "--seed-ratio=0.0", "--check-integrity=true", "--bt-seed-unverified=true",
                "--console-log-level=warn", "--summary-interval=0", "-d", work.toString(), work.resolve("t.torrent").toString())
                .redirectOutput(work.resolve("aria2.out").toFile()).redirectErrorStream(true).start();
        try {
            waitForListener(port, aria2);
            fetchFrom(port, v1, v1);
        } finally {
            aria2.destroy();
            aria2.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void libtorrentFetchesMetadataFromOurWire() throws Exception {
        Interop.assumeLoopbackOnlyNamespace();
        Interop.assumePythonModule("libtorrent");
        byte[] hashes = new byte[20 * 2000];
        new SecureRandom().nextBytes(hashes);
        byte[] info = Bencode.encode(java.util.Map.of("length", 2000L * 16384, "name", "served.bin",
                "piece length", 16384L, "pieces", hashes));
        byte[] infoHash = PieceDownload.sha1(info);
        int port = Interop.freePort();
        java.util.Queue<UtMetadata> servers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicInteger violations = new AtomicInteger();
        try (TcpPeers tcp = new TcpPeers()) {
            Channel server = tcp.listen(port, WireOptions.DEFAULT, () -> new WireListener() {
                @Override
                public void onInfoHash(Wire wire, byte[] requested) {
                    if (Arrays.equals(requested, infoHash)) wire.handshake(requested, peerId());
                }

                @Override
                public void onHandshake(Wire wire, org.webtorrent4j.wire.Handshake h) {
                    if (wire.isFast()) wire.haveNone();
                }

                @Override
                public void onClose(Wire wire, CloseReason reason, Throwable cause) {
                    if (reason.isProtocolViolation()) violations.incrementAndGet();
                }
            }, wire -> servers.add(wire.use(new UtMetadata(info))));
            String magnet = "magnet:?xt=urn:btih:" + HEX.formatHex(infoHash) + "&x.pe=127.0.0.1:" + port;
            try (RealPeer libtorrent = RealPeer.libtorrent(Map.of(), "metadata", magnet, work.toString(),
                    Integer.toString(Interop.freePort()))) {
                assertEquals("METADATA " + HEX.formatHex(infoHash), libtorrent.awaitLine("METADATA", TIMEOUT));
            }
            assertEquals(0, violations.get());
            server.close().sync();
        }
        assertTrue(servers.stream().mapToInt(UtMetadata::blocksServed).sum() >= 3, "all three blocks came from us");
    }

    private static void waitForListener(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) fail("exited with " + process.exitValue());
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100); // polling a real process's readiness, not synchronising our own code
            }
        }
        fail("nothing listens on " + port);
    }
}

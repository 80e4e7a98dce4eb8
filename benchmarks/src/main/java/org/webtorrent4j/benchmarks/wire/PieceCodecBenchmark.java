package org.webtorrent4j.benchmarks.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.webtorrent4j.wire.Handshake;
import org.webtorrent4j.wire.Request;
import org.webtorrent4j.wire.Wire;
import org.webtorrent4j.wire.WireListener;
import org.webtorrent4j.wire.WireMessages;
import org.webtorrent4j.wire.WireOptions;
import org.webtorrent4j.wire.WireOutput;

/**
 * Encode and decode of 16 KiB piece messages through a whole {@link Wire} (state, bookkeeping,
 * zero-copy slices), without a transport. One operation is one 16 KiB block, so GB/s =
 * ops/s x 16384 / 1e9. Encoding never touches the block's bytes (it is sent as a slice after a
 * 13-byte header), so its figure is the wire's per-message cost expressed in bytes; {@code readSize}
 * only matters to decoding.
 *
 * <p>Run:
 * <pre>
 * mvn -o -q -pl benchmarks -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp "$(cat benchmarks/target/cp.txt):benchmarks/target/classes" org.openjdk.jmh.Main PieceCodec -f1 -wi 3 -w 3 -i 3 -r 3
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class PieceCodecBenchmark {
    static final int BLOCK = 16 * 1024;
    static final int BLOCKS = 64;

    /** Bytes per read: 65536 (whole messages mostly) or 1460 (one TCP segment each, many splits). */
    @Param({"65536", "1460"})
    int readSize;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private Wire leecher;
    private Wire seeder;
    private ByteBuf pieces;
    private ByteBuf requests;
    private ByteBuf block;
    private Blackhole blackhole;

    /** Discards what the wire sends, counting it. */
    static final class NullOutput implements WireOutput {
        final ByteBufAllocator alloc;
        long bytes;

        NullOutput(ByteBufAllocator alloc) {
            this.alloc = alloc;
        }

        @Override public ByteBufAllocator alloc() { return alloc; }
        @Override public void write(ByteBuf message) { bytes += message.readableBytes(); message.release(); }
        @Override public void flush() { }
        @Override public void close() { }
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        blackhole = bh;
        byte[] infoHash = new byte[20];
        byte[] reserved = Handshake.reservedBits(false, true, false);
        WireListener leech = new WireListener() {
            @Override
            public void onPiece(Wire w, int index, int begin, ByteBuf b) {
                blackhole.consume(b.getByte(0));
                b.release();
            }
        };
        leecher = new Wire(WireOptions.DEFAULT, new NullOutput(alloc), leech, 0);
        leecher.handshake(infoHash, new byte[20]);
        feed(leecher, WireMessages.handshake(alloc, new Handshake(reserved, infoHash, new byte[20])));
        feed(leecher, WireMessages.simple(alloc.buffer(), WireMessages.UNCHOKE));

        WireListener seed = new WireListener() {
            @Override
            public void onRequest(Wire w, Request r) {
                w.piece(r.index(), r.begin(), block.retainedSlice(0, r.length()));
            }
        };
        seeder = new Wire(WireOptions.DEFAULT, new NullOutput(alloc), seed, 0);
        seeder.handshake(infoHash, new byte[20]);
        feed(seeder, WireMessages.handshake(alloc, new Handshake(reserved, infoHash, new byte[20])));
        seeder.unchoke();

        block = Unpooled.directBuffer(BLOCK).writeZero(BLOCK);
        pieces = Unpooled.directBuffer(BLOCKS * (BLOCK + 13));
        requests = Unpooled.directBuffer(BLOCKS * 17);
        for (int i = 0; i < BLOCKS; i++) {
            ByteBuf h = WireMessages.pieceHeader(alloc.buffer(), 0, i * BLOCK, BLOCK);
            pieces.writeBytes(h).writeBytes(block, 0, BLOCK);
            h.release();
            ByteBuf r = WireMessages.withRequest(alloc.buffer(), WireMessages.REQUEST, new Request(0, i * BLOCK, BLOCK));
            requests.writeBytes(r);
            r.release();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        leecher.close();
        seeder.close();
        pieces.release();
        requests.release();
        block.release();
    }

    private static void feed(Wire w, ByteBuf b) {
        w.receive(b);
    }

    /** Parse 64 piece messages (1 MiB), delivered in reads of {@code readSize} bytes. */
    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public void decodePieces() {
        for (int i = 0; i < BLOCKS; i++) {
            leecher.request(0, i * BLOCK, BLOCK);
        }
        for (int at = 0; at < pieces.writerIndex(); at += readSize) {
            leecher.receive(pieces.retainedSlice(at, Math.min(readSize, pieces.writerIndex() - at)));
        }
    }

    /** Answer 64 requests with piece messages whose blocks are slices (1 MiB out). */
    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public void encodePieces() {
        seeder.receive(requests.retainedDuplicate());
    }
}

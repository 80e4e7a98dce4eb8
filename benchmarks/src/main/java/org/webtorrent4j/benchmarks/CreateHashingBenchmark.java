package org.webtorrent4j.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodeLimits;
import org.webtorrent4j.bencode.Span;
import org.webtorrent4j.torrent.create.CreateOptions;
import org.webtorrent4j.torrent.create.CreatedTorrent;
import org.webtorrent4j.torrent.create.TorrentCreator;

/**
 * Hashing throughput of torrent creation on one big file: our {@link TorrentCreator} against
 * {@code mktorrent -t N} and python3-libtorrent's {@code create_torrent} (v1 only, as ours; its
 * default hybrid v1+v2 torrent would also compute SHA-256 trees), interleaved run by run, the
 * median of each reported, plus the SHA-1 ceiling of one core (Java MessageDigest over an
 * in-memory buffer). Besides wall time it reports CPU time (user + system of the whole process),
 * which says more than wall time when other jobs share the cores. Run it with a warm page cache:
 * {@code benchmarks/create-hashing.sh}.
 *
 * <p>Arguments: {@code FILE [RUNS] [PIECE_LENGTH]} (defaults 3 and 1 MiB). MB are 10^6 bytes.
 */
public final class CreateHashingBenchmark {
    private static final String TRACKER = "http://127.0.0.1:6969/announce";
    private static final String LIBTORRENT_SCRIPT = String.join("\n",
            "import libtorrent as lt, os, sys, time",
            "path, piece_length = sys.argv[1], int(sys.argv[2])",
            "start, cpu = time.perf_counter(), time.process_time()",
            "fs = lt.file_storage()",
            "lt.add_files(fs, path)",
            "ct = lt.create_torrent(fs, piece_length, flags=lt.create_torrent.v1_only)",
            "ct.add_tracker(sys.argv[3])",
            "lt.set_piece_hashes(ct, os.path.dirname(os.path.abspath(path)))",
            "data = lt.bencode(ct.generate())",
            "print(time.perf_counter() - start, time.process_time() - cpu, lt.torrent_info(data).info_hashes().v1)");

    /** One timed run: wall-clock and CPU seconds, and the info-hash it produced. */
    record Run(double wall, double cpu, String infoHash) {}

    private CreateHashingBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CreateHashingBenchmark FILE [RUNS] [PIECE_LENGTH]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int pieceLength = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20;
        int cores = Runtime.getRuntime().availableProcessors();
        long size = Files.size(file);
        System.out.printf(Locale.ROOT, "file %s, %d bytes, piece length %d, %d cores, %d runs each (median),"
                + " load average before: %s%n", file, size, pieceLength, cores, runs, loadAverage());

        CreateOptions options = CreateOptions.builder().pieceLength(pieceLength).addAnnounceTier(TRACKER)
                .noCreationDate().build();
        for (int i = 0; i < 2; i++) {
            TorrentCreator.create(file, options); // JIT warm-up, not counted
        }
        List<Run> ours = new ArrayList<>();
        List<Run> mktorrent = new ArrayList<>();
        List<Run> libtorrent = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            ours.add(ours(file, options));
            mktorrent.add(mktorrent(file, pieceLength, cores));
            libtorrent.add(libtorrent(file, pieceLength));
        }
        double ceiling = sha1OneCoreMBps();

        double oursMBps = size / median(ours, Run::wall) / 1e6;
        System.out.println();
        System.out.println("| contender | median wall s | MB/s | webtorrent4j is x faster | median CPU s | MB per CPU s |");
        System.out.println("|---|---|---|---|---|---|");
        row("webtorrent4j TorrentCreator (" + cores + " threads)", ours, size, oursMBps);
        row("mktorrent 1.1 -t " + cores, mktorrent, size, oursMBps);
        row("python3-libtorrent 2.0.8 create_torrent (v1_only)", libtorrent, size, oursMBps);
        System.out.printf(Locale.ROOT, "| SHA-1 ceiling, one core (Java MessageDigest, in memory) | - | %.0f | %.2f | - | %.0f |%n",
                ceiling, oursMBps / ceiling, ceiling);
        System.out.println();
        System.out.println("runs: ours " + ours + "\n      mktorrent " + mktorrent + "\n      libtorrent " + libtorrent);
        boolean equal = ours.get(0).infoHash().equals(mktorrent.get(0).infoHash())
                && ours.get(0).infoHash().equals(libtorrent.get(0).infoHash());
        System.out.println("info-hash " + ours.get(0).infoHash() + ", the same from all three: " + equal);
        System.out.println("load average after: " + loadAverage());
    }

    private static Run ours(Path file, CreateOptions options) throws IOException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long start = System.nanoTime();
        CreatedTorrent created = TorrentCreator.create(file, options);
        return new Run((System.nanoTime() - start) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9, created.infoHashHex());
    }

    /** mktorrent's wall and CPU time as measured by bash's {@code time}. */
    private static Run mktorrent(Path file, int pieceLength, int threads) throws Exception {
        Path out = Files.createTempFile("bench-mktorrent", ".torrent");
        Files.delete(out);
        String[] times = run(List.of("bash", "-c", "TIMEFORMAT='%R %U %S'; { time mktorrent \"$@\" >/dev/null; } 2>&1",
                "bash", "-t", Integer.toString(threads), "-l", Integer.toString(Integer.numberOfTrailingZeros(pieceLength)),
                "-a", TRACKER, "-o", out.toString(), file.toString())).strip().split("\\s+");
        String hash = infoHashOf(Files.readAllBytes(out));
        Files.delete(out);
        int n = times.length;
        return new Run(Double.parseDouble(times[n - 3]),
                Double.parseDouble(times[n - 2]) + Double.parseDouble(times[n - 1]), hash);
    }

    /** libtorrent's creation timed inside Python (interpreter start-up not counted). */
    private static Run libtorrent(Path file, int pieceLength) throws Exception {
        String[] out = run(List.of("/usr/bin/python3", "-c", LIBTORRENT_SCRIPT, file.toString(),
                Integer.toString(pieceLength), TRACKER)).strip().split(" ");
        return new Run(Double.parseDouble(out[0]), Double.parseDouble(out[1]), out[2]);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void row(String name, List<Run> runs, long size, double oursMBps) {
        double wall = median(runs, Run::wall);
        double cpu = median(runs, Run::cpu);
        double mbps = size / wall / 1e6;
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.0f | %.2f | %.3f | %.0f |%n", name, wall, mbps, oursMBps / mbps,
                cpu, size / cpu / 1e6);
    }

    /** SHA-1 over a 64 MiB in-memory buffer in 1 MiB pieces, repeated for about 3 seconds after a warm-up. */
    static double sha1OneCoreMBps() throws Exception {
        byte[] data = new byte[64 << 20];
        new Random(1).nextBytes(data);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        int chunk = 1 << 20;
        for (int i = 0; i < 3; i++) {
            digestAll(sha1, data, chunk);
        }
        long bytes = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3)) {
            digestAll(sha1, data, chunk);
            bytes += data.length;
        }
        return bytes / ((System.nanoTime() - start) / 1e9) / 1e6;
    }

    private static void digestAll(MessageDigest sha1, byte[] data, int chunk) {
        for (int off = 0; off < data.length; off += chunk) {
            sha1.update(data, off, chunk);
            sha1.digest();
        }
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IOException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    /** The SHA-1 of the raw info dictionary of a torrent file. */
    private static String infoHashOf(byte[] torrent) throws Exception {
        Span span = Bencode.decodeDictionary(torrent, BencodeLimits.DEFAULT).spans().get("info");
        byte[] info = Arrays.copyOfRange(torrent, span.start(), span.end());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(info));
    }
}

package org.webtorrent4j.torrent.create;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.webtorrent4j.bencode.Bencode;
import org.webtorrent4j.bencode.BencodedDictionary;
import org.webtorrent4j.testkit.ProcessRunner;

/**
 * A file is never held whole, nor a whole piece: a JVM with a 32 MiB heap and 4 MiB of direct
 * memory hashes a 150 MB file in 64 MiB pieces.
 */
class StreamingMemoryTest {
    private static final int PIECE = CreateOptions.MAX_PIECE_LENGTH;
    private static final long SIZE = 150_000_000L;

    @TempDir
    Path dir;

    /** Run in the small JVM: prints the pieces of the file given as argument, in hex. */
    public static void main(String[] args) throws Exception {
        CreatedTorrent t = TorrentCreator.create(Path.of(args[0]),
                CreateOptions.builder().pieceLength(PIECE).threads(2).build());
        Map<String, Object> info = BencodedDictionary.dictionary(Bencode.decodeDictionary(t.torrentBytes()), "info");
        System.out.println(HexFormat.of().formatHex(BencodedDictionary.bytes(info, "pieces")));
    }

    @Test
    void hashesPiecesLargerThanTheHeapInASmallJvm() throws Exception {
        Path file = dir.resolve("sparse.bin");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(SIZE); // a sparse file of zeros
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessRunner.Result r = ProcessRunner.run(Duration.ofMinutes(3), List.of(java, "-Xmx32m",
                "-XX:MaxDirectMemorySize=4m", "-cp", System.getProperty("java.class.path"),
                StreamingMemoryTest.class.getName(), file.toString()), dir).requireSuccess();
        assertEquals(expectedPiecesOfZeros(), r.stdout().strip());
    }

    private static String expectedPiecesOfZeros() throws Exception {
        byte[] zeros = new byte[1 << 20];
        StringBuilder hex = new StringBuilder();
        for (long off = 0; off < SIZE; off += PIECE) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (long left = Math.min(PIECE, SIZE - off); left > 0; left -= zeros.length) {
                sha1.update(zeros, 0, (int) Math.min(zeros.length, left));
            }
            hex.append(HexFormat.of().formatHex(sha1.digest()));
        }
        return hex.toString();
    }
}

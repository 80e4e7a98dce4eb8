package org.webtorrent4j.client.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DirectWritesTest {
    /**
     * Each length on a thread of its own, whose gathering buffer is therefore new: lengths that
     * are not whole blocks once overflowed it, depending on where the allocation happened to lie.
     */
    @Test
    void gathersAnyLengthIntoAlignedMemory() throws Exception {
        Random random = new Random(9);
        for (int length : new int[] {1, 4095, 4097, 5000, 18_080, 65_537, 1 << 20}) {
            for (int run = 0; run < 20; run++) {
                byte[] data = new byte[length];
                random.nextBytes(data);
                int cut = length / 3;
                ByteBuffer[] parts = {ByteBuffer.wrap(data, 0, cut), ByteBuffer.allocateDirect(length - cut)
                        .put(data, cut, length - cut).flip()};
                ByteBuffer gathered = CompletableFuture.supplyAsync(() -> DirectWrites.gather(parts),
                        r -> new Thread(r).start()).get();
                assertEquals(0, gathered.alignmentOffset(0, DirectWrites.ALIGNMENT), "aligned");
                assertEquals(ByteBuffer.wrap(data), gathered, "length " + length);
                assertEquals(length - cut, parts[1].remaining(), "the parts are left as they were");
            }
        }
    }
}

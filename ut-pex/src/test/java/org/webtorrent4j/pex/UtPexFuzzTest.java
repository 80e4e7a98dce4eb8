package org.webtorrent4j.pex;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

class UtPexFuzzTest {
    /**
     * Fuzzed ut_pex messages (separated by '|' bytes, a minute apart) sent to a wire running
     * ut_pex: it delivers, ignores, or closes with a protocol-violation reason, and leaks nothing.
     */
    @FuzzTest(maxDuration = "30s")
    void extensionSurvivesAnyMessages(byte[] input) {
        UtPexTest.Pair p = new UtPexTest.Pair(UtPexOptions.DEFAULT);
        int from = 0;
        long now = 0;
        for (int i = 0; i <= input.length && !p.b.isClosed(); i++) {
            if (i == input.length || input[i] == '|') {
                p.a.sendExtended(UtPex.NAME, p.alloc.wrap(Arrays.copyOfRange(input, from, i)));
                p.pump();
                now += 60_000_000_000L;
                p.tick(now);
                from = i + 1;
            }
        }
        assertTrue(p.closedB == null || p.closedB.isProtocolViolation(), () -> "closed with " + p.closedB);
        p.close();
    }
}

package org.webtorrent4j.metadata;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.webtorrent4j.wire.CloseReason;

class UtMetadataFuzzTest {
    private static final byte[] INFO = Peers.infoDictionary(2000, 1);
    private static final byte[] INFO_HASH = Peers.hash("SHA-1", INFO);

    /**
     * Fuzzed ut_metadata messages (separated by '|' bytes) sent to a wire that both fetches and
     * serves: it answers, ignores, or closes with a protocol-violation reason, and leaks nothing.
     */
    @FuzzTest(maxDuration = "30s")
    void extensionSurvivesAnyMessages(byte[] input) {
        Peers peers = new Peers();
        MetadataFetcher fetcher = new MetadataFetcher(INFO_HASH);
        UtMetadataTest.Liar[] fake = new UtMetadataTest.Liar[1];
        var c = peers.connect(INFO_HASH, a -> a.use(new UtMetadata(fetcher)),
                b -> fake[0] = b.use(new UtMetadataTest.Liar(INFO.length, null)));
        peers.pump();
        fake[0].silent = true;
        int from = 0;
        for (int i = 0; i <= input.length && !c.a.isClosed(); i++) {
            if (i == input.length || input[i] == '|') {
                fake[0].ctx.send(Arrays.copyOfRange(input, from, i));
                peers.pump();
                from = i + 1;
            }
        }
        CloseReason reason = c.closed.get(c.a);
        assertTrue(reason == null || reason.isProtocolViolation(), () -> "closed with " + reason);
        peers.closeAndCheckLeaks();
    }
}

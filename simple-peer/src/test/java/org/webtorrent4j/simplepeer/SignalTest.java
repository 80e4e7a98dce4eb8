package org.webtorrent4j.simplepeer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalTest {
    @Test
    void descriptionsUseTheBrowsersTypeNames() {
        assertEquals(Signal.Type.OFFER, Signal.description("offer", "v=0").type());
        assertEquals(Signal.Type.ANSWER, Signal.description("answer", "v=0").type());
        assertEquals("offer", Signal.offer("v=0").type().wireName());
        assertTrue(Signal.answer("v=0").isDescription());
    }

    @Test
    void badSignalsGetATypedExceptionNamingTheProblem() {
        InvalidSignalException e = assertThrows(InvalidSignalException.class, () -> Signal.description("pranswer", "v=0"));
        assertTrue(e.getMessage().contains("pranswer"));
        assertThrows(InvalidSignalException.class, () -> Signal.description("candidate", "v=0"));
        assertThrows(InvalidSignalException.class, () -> Signal.offer(""));
        assertThrows(InvalidSignalException.class, () -> Signal.offer(null));
        assertThrows(InvalidSignalException.class, () -> Signal.candidate(null, "0", 0));
        assertThrows(InvalidSignalException.class, () -> Signal.candidate("candidate:1 1 udp 1 10.0.0.1 9 typ host", "0", -1));
    }

    @Test
    void candidatesCarryNoSdp() {
        Signal c = Signal.candidate("candidate:1 1 udp 1 10.0.0.1 9 typ host", "0", 0);
        assertEquals(Signal.Type.CANDIDATE, c.type());
        assertEquals(null, c.sdp());
        assertTrue(!c.isDescription());
    }
}

package dev.augur.llm;

import static dev.augur.llm.EndpointCircuit.Signal.DOWN;
import static dev.augur.llm.EndpointCircuit.Signal.TIMEOUT;
import static dev.augur.llm.EndpointCircuit.Signal.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.llm.EndpointCircuit.Change;
import dev.augur.llm.EndpointCircuit.State;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The circuit's state machine on a hand-driven clock. */
class EndpointCircuitTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private EndpointCircuit circuit(int threshold, long probeMaxMs) {
        return new EndpointCircuit(threshold, probeMaxMs, nanos::get);
    }

    private void advanceMs(long ms) {
        nanos.addAndGet(ms * 1_000_000);
    }

    private static void open(EndpointCircuit c, int threshold) {
        for (int i = 1; i < threshold; i++) {
            assertEquals(Change.NONE, c.record(DOWN, false));
        }
        assertEquals(Change.OPENED, c.record(DOWN, false));
    }

    @Test
    void opensAfterThresholdConsecutiveDownsAndAnUpResetsTheCount() {
        EndpointCircuit c = circuit(3, 10_000);
        c.record(DOWN, false);
        c.record(DOWN, false);
        assertEquals(Change.NONE, c.record(UP, false), "429, 4xx and 2xx all say the endpoint is up");
        assertEquals(0, c.consecutiveDown());
        c.record(DOWN, false);
        c.record(DOWN, false);
        assertEquals(State.CLOSED, c.state());
        assertEquals(Change.OPENED, c.record(DOWN, false));
        assertEquals(State.OPEN, c.state());
        assertFalse(c.isClosed());
    }

    @Test
    void timeoutsNeitherCountNorReset() {
        EndpointCircuit c = circuit(3, 10_000);
        for (EndpointCircuit.Signal s : new EndpointCircuit.Signal[] {DOWN, TIMEOUT, DOWN, TIMEOUT, TIMEOUT}) {
            assertEquals(Change.NONE, c.record(s, false));
        }
        assertEquals(2, c.consecutiveDown());
        assertEquals(Change.OPENED, c.record(DOWN, false));
    }

    @Test
    void thresholdOneOpensOnTheFirstDown() {
        EndpointCircuit c = circuit(1, 10_000);
        assertEquals(Change.OPENED, c.record(DOWN, false));
    }

    @Test
    void probesAfterOneSecondThenDoublingDelaysUpToTheCap() {
        EndpointCircuit c = circuit(2, 5_000);
        open(c, 2);
        long[] expected = {1_000, 2_000, 4_000, 5_000, 5_000};
        for (long delay : expected) {
            assertEquals(delay, c.probeDelayMs());
            assertEquals(delay, c.msUntilProbe());
            advanceMs(delay - 1);
            assertEquals(1, c.msUntilProbe());
            assertFalse(c.tryStartProbe(), "not due yet");
            advanceMs(1);
            assertTrue(c.tryStartProbe());
            assertEquals(State.HALF_OPEN, c.state());
            assertFalse(c.tryStartProbe(), "one probe at a time");
            assertEquals(Change.NONE, c.record(DOWN, true), "a failed probe is no new opening");
            assertEquals(State.OPEN, c.state());
        }
    }

    @Test
    void aProbeCapBelowOneSecondIsTheFirstDelayToo() {
        EndpointCircuit c = circuit(1, 200);
        open(c, 1);
        assertEquals(200, c.msUntilProbe());
    }

    @Test
    void aProbeThatGetsAnyAnswerButA5xxClosesTheCircuit() {
        EndpointCircuit c = circuit(3, 10_000);
        open(c, 3);
        advanceMs(1_000);
        assertTrue(c.tryStartProbe());
        advanceMs(250);
        assertEquals(Change.CLOSED, c.record(UP, true));
        assertTrue(c.isClosed());
        assertEquals(1_250, c.lastOutageMs());
        assertEquals(0, c.consecutiveDown());
        assertEquals(0, c.msUntilProbe());
        // the count starts afresh: a new outage needs the full threshold again
        c.record(DOWN, false);
        c.record(DOWN, false);
        assertTrue(c.isClosed());
        assertEquals(Change.OPENED, c.record(DOWN, false));
        assertEquals(1_000, c.probeDelayMs(), "a new outage starts probing at 1 s again");
    }

    @Test
    void aProbeThatTimesOutLeavesTheCircuitOpenWithTheNextProbeDueAtOnce() {
        EndpointCircuit c = circuit(1, 10_000);
        open(c, 1);
        advanceMs(1_000);
        assertTrue(c.tryStartProbe());
        advanceMs(300);
        assertEquals(Change.NONE, c.record(TIMEOUT, true));
        assertEquals(State.OPEN, c.state());
        assertEquals(0, c.msUntilProbe());
        assertEquals(1_000, c.probeDelayMs(), "a timeout says nothing: the delay does not grow");
        assertTrue(c.tryStartProbe());
    }

    @Test
    void attemptsStartedBeforeTheOpeningChangeNothingUnlessTheyGetAnAnswer() {
        EndpointCircuit c = circuit(2, 10_000);
        open(c, 2);
        assertEquals(Change.NONE, c.record(DOWN, false));
        assertEquals(Change.NONE, c.record(TIMEOUT, false));
        assertEquals(1_000, c.msUntilProbe(), "stragglers do not push the probe back");
        advanceMs(1_000);
        assertTrue(c.tryStartProbe());
        assertEquals(Change.NONE, c.record(DOWN, false), "not the probe");
        assertEquals(State.HALF_OPEN, c.state());
        assertEquals(Change.CLOSED, c.record(UP, false), "an answer is an answer, probe or not");
    }

    @Test
    void theOutageClockRunsOnlyWhileTheCircuitIsNotClosed() {
        EndpointCircuit c = circuit(1, 10_000);
        assertEquals(0, c.outageNanos());
        advanceMs(5_000);
        assertEquals(0, c.outageNanos(), "closed: the clock stands");
        open(c, 1);
        advanceMs(700);
        assertEquals(700, c.currentOutageMs());
        assertEquals(700_000_000L, c.outageNanos());
        c.record(UP, false);
        advanceMs(10_000);
        assertEquals(700_000_000L, c.outageNanos());
        assertEquals(0, c.currentOutageMs());
        open(c, 1);
        advanceMs(300);
        assertEquals(1_000_000_000L, c.outageNanos(), "outages add up");
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> circuit(0, 10));
        assertThrows(IllegalArgumentException.class, () -> circuit(1, 0));
    }
}

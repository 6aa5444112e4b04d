package dev.augur.llm;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Whether an LLM endpoint is worth sending attempts to: a circuit breaker with probing, the
 * bookkeeping half of {@link OpenAiClient}'s outage handling (the client does the waiting).
 *
 * <ul>
 *   <li>CLOSED: attempts flow. {@code failureThreshold} consecutive {@link Signal#DOWN} outcomes,
 *       over all requests, open it; any {@link Signal#UP} resets the count.</li>
 *   <li>OPEN: no attempt starts. After the probe delay (1 s, doubling per failed probe up to
 *       {@code probeMaxMs}) one probe may start, which makes it HALF_OPEN.</li>
 *   <li>HALF_OPEN: the probe is in flight. UP closes it, DOWN opens it again with the next delay.
 *       A probe that times out tells nothing: open again, but another probe may start at once,
 *       so a prompt that never answers cannot keep the circuit open by being probed.</li>
 * </ul>
 * An UP from any attempt closes the circuit whatever its state: the endpoint answered.
 *
 * <p>Not thread-safe: the client drives it from its one scheduler context. Time comes from the
 * injected {@code nanoTime} so the state machine is tested without timers.
 */
final class EndpointCircuit {
    /** The first wait before probing an endpoint that has just gone down. */
    static final long FIRST_PROBE_DELAY_MS = 1_000;

    enum State { CLOSED, OPEN, HALF_OPEN }

    /** What one attempt's outcome says about the endpoint. */
    enum Signal {
        /** It answered with something other than a 5xx (2xx, 4xx, 429): it is up. */
        UP,
        /** Refused or broke the connection, or answered 5xx. */
        DOWN,
        /**
         * No answer in time. Not counted either way: one prompt can hang while the endpoint is
         * fine, and a hanging endpoint costs an attempt per timeout, not a fast burst of retries.
         */
        TIMEOUT
    }

    /** A transition the caller reports (log line, counters). */
    enum Change { NONE, OPENED, CLOSED }

    private final int failureThreshold;
    private final long probeMaxMs;
    private final LongSupplier nanoTime;

    private State state = State.CLOSED;
    private int consecutiveDown;
    private long probeDelayMs;
    private long probeAtNanos;
    private long openedAtNanos;
    private long pastOutageNanos; // closed outages, summed
    private long lastOutageMs;

    EndpointCircuit(int failureThreshold, long probeMaxMs, LongSupplier nanoTime) {
        if (failureThreshold < 1 || probeMaxMs < 1) {
            throw new IllegalArgumentException("failureThreshold and probeMaxMs must be >= 1");
        }
        this.failureThreshold = failureThreshold;
        this.probeMaxMs = probeMaxMs;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    State state() {
        return state;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    int consecutiveDown() {
        return consecutiveDown;
    }

    /** The wait before the next probe, as set by the last opening or failed probe. */
    long probeDelayMs() {
        return probeDelayMs;
    }

    /**
     * An attempt ended with {@code signal}; {@code probe} says whether it was the half-open probe.
     * Returns the transition to report, if any (a failed probe re-opening is not a new opening).
     */
    Change record(Signal signal, boolean probe) {
        if (signal == Signal.UP) {
            consecutiveDown = 0;
            if (state != State.CLOSED) {
                close();
                return Change.CLOSED;
            }
            return Change.NONE;
        }
        switch (state) {
            case CLOSED -> {
                if (signal == Signal.DOWN && ++consecutiveDown >= failureThreshold) {
                    state = State.OPEN;
                    openedAtNanos = nanoTime.getAsLong();
                    probeDelayMs = Math.min(FIRST_PROBE_DELAY_MS, probeMaxMs);
                    probeAtNanos = openedAtNanos + probeDelayMs * 1_000_000;
                    return Change.OPENED;
                }
            }
            case HALF_OPEN -> {
                if (probe) {
                    state = State.OPEN;
                    if (signal == Signal.DOWN) {
                        probeDelayMs = Math.min(probeDelayMs * 2, probeMaxMs);
                        probeAtNanos = nanoTime.getAsLong() + probeDelayMs * 1_000_000;
                    } else {
                        probeAtNanos = nanoTime.getAsLong();
                    }
                }
            }
            case OPEN -> {
                // an attempt started before the circuit opened: nothing new
            }
        }
        return Change.NONE;
    }

    /** Milliseconds until a probe may start: 0 when due (or closed), rounded up otherwise. */
    long msUntilProbe() {
        if (state != State.OPEN) {
            return 0;
        }
        long nanos = probeAtNanos - nanoTime.getAsLong();
        return nanos <= 0 ? 0 : (nanos + 999_999) / 1_000_000;
    }

    /** OPEN with the probe due: goes HALF_OPEN and returns true (the caller sends one probe). */
    boolean tryStartProbe() {
        if (state != State.OPEN || msUntilProbe() > 0) {
            return false;
        }
        state = State.HALF_OPEN;
        return true;
    }

    /** How long the current outage has lasted; 0 when closed. */
    long currentOutageMs() {
        return state == State.CLOSED ? 0 : (nanoTime.getAsLong() - openedAtNanos) / 1_000_000;
    }

    /** How long the outage that closed last lasted. */
    long lastOutageMs() {
        return lastOutageMs;
    }

    /**
     * A clock that runs only while the circuit is not closed: nanoseconds of outage so far, the
     * current one included. A request's wait for the endpoint is this clock's advance during its
     * lifetime.
     */
    long outageNanos() {
        return pastOutageNanos + (state == State.CLOSED ? 0 : nanoTime.getAsLong() - openedAtNanos);
    }

    private void close() {
        long outage = nanoTime.getAsLong() - openedAtNanos;
        pastOutageNanos += outage;
        lastOutageMs = outage / 1_000_000;
        state = State.CLOSED;
    }
}

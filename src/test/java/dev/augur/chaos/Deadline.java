package dev.augur.chaos;

import dev.augur.testing.Await;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Every wait of a chaos test has one: a point in time, and a poll that fails with what it waited
 * for once the point has passed, never a wait without end. One deadline spans several waits (a
 * scenario's phases); the polling is {@link Await}'s.
 */
public final class Deadline {
    /** How often a condition is looked at again. */
    static final long POLL_MS = 200;

    private final long endNanos;
    private final Duration bound;

    private Deadline(Duration bound) {
        this.bound = bound;
        this.endNanos = System.nanoTime() + bound.toNanos();
    }

    public static Deadline in(Duration bound) {
        return new Deadline(bound);
    }

    public static Deadline inSeconds(long seconds) {
        return in(Duration.ofSeconds(seconds));
    }

    public boolean passed() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** Time left, never negative. */
    public Duration left() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public Duration bound() {
        return bound;
    }

    /** A condition that can throw (reading files, scraping /metrics). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Polls {@code condition} until it holds; throws {@link AssertionError} naming {@code what}
     * and the bound once the deadline passes. An exception from the condition counts as "not yet"
     * (a node not listening yet, a file being renamed), and the last one is the error's cause.
     */
    public void await(String what, Condition condition) {
        Await.untilNanoTime(what, condition::holds, endNanos, bound, Duration.ofMillis(POLL_MS));
    }

    /** As {@link #await(String, Condition)} for a plain boolean supplier. */
    public void awaitTrue(String what, BooleanSupplier condition) {
        await(what, condition::getAsBoolean);
    }

    static void sleep(long ms) {
        Await.sleep(ms);
    }
}

package dev.augur.testing;

import java.time.Duration;

/**
 * The one way a test waits for something: poll a condition until it holds, and fail naming what
 * it waited for once a deadline passes. Never a wait without end, never a fixed sleep that hopes
 * the machine was fast enough.
 */
public final class Await {
    /** How often a condition is looked at again unless a caller says otherwise. */
    public static final Duration POLL = Duration.ofMillis(10);

    private Await() {}

    /** A condition that may throw (reading a file that is being renamed, a port not open yet). */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /**
     * Polls {@code condition} every {@link #POLL} until it holds; throws {@link AssertionError}
     * naming {@code what} once {@code deadline} has passed. An exception from the condition counts
     * as "not yet", and the last one becomes the error's cause.
     */
    public static void until(String what, Condition condition, Duration deadline) {
        until(what, condition, deadline, POLL);
    }

    /** As {@link #until(String, Condition, Duration)}, polling every {@code poll}. */
    public static void until(String what, Condition condition, Duration deadline, Duration poll) {
        untilNanoTime(what, condition, System.nanoTime() + deadline.toNanos(), deadline, poll);
    }

    /**
     * Polls until {@code endNanos} ({@link System#nanoTime()} time): for a deadline shared by
     * several waits. {@code bound} is the whole deadline, for the message.
     */
    public static void untilNanoTime(String what, Condition condition, long endNanos, Duration bound, Duration poll) {
        Exception last = null;
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            long leftNanos = endNanos - System.nanoTime();
            if (leftNanos <= 0) {
                AssertionError err = new AssertionError("deadline of " + describe(bound) + " passed waiting for: " + what);
                if (last != null) {
                    err.initCause(last);
                }
                throw err;
            }
            sleep(Math.min(poll.toMillis(), Math.max(1, leftNanos / 1_000_000)));
        }
    }

    /** Sleeps; an interrupt (a JUnit timeout) ends the test with an error, not a silent return. */
    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() < 1000 || d.toMillis() % 1000 != 0 ? d.toMillis() + " ms" : d.toSeconds() + " s";
    }
}

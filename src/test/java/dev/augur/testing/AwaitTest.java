package dev.augur.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsOnceTheConditionHolds() {
        AtomicInteger polls = new AtomicInteger();
        Await.until("the third poll", () -> polls.incrementAndGet() >= 3, Duration.ofSeconds(30));
        assertEquals(3, polls.get());
    }

    @Test
    void failsNamingWhatItWaitedForOnceTheDeadlinePasses() {
        long start = System.nanoTime();
        AssertionError e = assertThrows(AssertionError.class,
            () -> Await.until("a file that never comes", () -> false, Duration.ofMillis(100)));
        assertEquals("deadline of 100 ms passed waiting for: a file that never comes", e.getMessage());
        assertTrue(System.nanoTime() - start >= 100_000_000L, "waited the whole deadline");
    }

    @Test
    void anExceptionIsNotYetAndTheLastOneIsTheCause() {
        IOException io = new IOException("being renamed");
        AssertionError e = assertThrows(AssertionError.class, () -> Await.until("a readable file", () -> {
            throw io;
        }, Duration.ofSeconds(1), Duration.ofMillis(50)));
        assertEquals("deadline of 1 s passed waiting for: a readable file", e.getMessage());
        assertSame(io, e.getCause());
    }

    @Test
    void anInterruptEndsTheWaitWithAnError() {
        Thread.currentThread().interrupt();
        AssertionError e = assertThrows(AssertionError.class,
            () -> Await.until("never", () -> false, Duration.ofSeconds(30)));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
        assertTrue(Thread.interrupted(), "the interrupt is kept");
    }
}

package dev.augur.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    @Test
    void showsStageCountsRateEtaAndFailures() {
        AtomicLong now = new AtomicLong(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get)) {
            p.stage("scoring");
            p.total(1000);
            p.addDone(100);
            p.addFailed(2);
            now.set(50_000_000_000L); // 50 s: 2 latents/s, 900 left -> 7m30s
            assertEquals("scoring 100/1000 latents, 2.0/s, ETA 7m30s, 2 failed, 50s elapsed", p.line());
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.endsWith("augur: scoring 100/1000 latents, 2.0/s, ETA 7m30s, 2 failed, 50s elapsed\n"), out);
        assertEquals("1h01m", Progress.duration(3660));
    }

    @Test
    void showsTheLlmUsageAndCostWhenGiven() {
        try (Progress p = new Progress(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false, () -> 1_000_000_000L)) {
            p.stage("scoring");
            p.extra(() -> "LLM 123,400 tokens, $0.0200");
            assertTrue(p.line().endsWith("elapsed, LLM 123,400 tokens, $0.0200"), p.line());
            p.extra(() -> null);
            assertTrue(p.line().endsWith("elapsed"), p.line());
        }
    }

    @Test
    void aTerminalGetsOneLineRewrittenInPlace() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, System::nanoTime);
        p.total(10);
        // redraws every 500 ms: wait for two, however slow the machine
        Await.until("two redraws", () -> bytes.toString(StandardCharsets.UTF_8).split("\r\033\\[K").length >= 3,
            Duration.ofSeconds(30));
        p.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r\033[K"), out);
    }
}

package dev.augur.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scorer folder in another shape (delphi's intruder output) is left out, not fatal. */
class UnreadableScorerTest {
    @TempDir
    Path run;

    @Test
    void otherScorersStillCount() throws Exception {
        ScoreFiles.write(run.resolve("scores/detection/m_latent1.txt"), List.of(
            new ScoreSample(List.of("a"), new float[] {1}, 0, true, true, null, true),
            new ScoreSample(List.of("b"), new float[] {0}, -1, false, false, null, true)));
        Files.createDirectories(run.resolve("scores/intruder"));
        Files.writeString(run.resolve("scores/intruder/m_latent1.txt"),
            "[{\"intruder_index\": 2, \"chosen\": 3, \"correct\": false}]");
        RunMetrics m = RunMetrics.compute(run);
        assertEquals(List.of("detection"), List.copyOf(m.scorers().keySet()));
        assertEquals(1.0, m.scorers().get("detection").confusion().f1());
        assertTrue(m.unreadable().get("intruder").contains("activating"), m.unreadable().toString());
        assertTrue(m.toJsonString().contains("unreadable_scorers"));
    }

    @Test
    void modulesStartingWithADotCount() throws Exception {
        // SPEC 1's own example hookpoint: ".model.layers.10"
        ScoreFiles.write(run.resolve("scores/fuzz/.model.layers.10_latent3.txt"), List.of(
            new ScoreSample(List.of("a"), new float[] {1}, 0, true, true, null, true)));
        RunMetrics m = RunMetrics.compute(run);
        assertEquals(".model.layers.10", m.scorers().get("fuzz").latents().get(0).latent().module());
    }
}

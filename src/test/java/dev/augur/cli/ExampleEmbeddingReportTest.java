package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * augur report on example_embedding score files: AUC as for any score-only scorer, and the means
 * of the activating and non-activating scores (delphi's delta_plus and delta_minus) per latent and
 * over latents, in the text table, metrics.json and the HTML report.
 */
class ExampleEmbeddingReportTest {
    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    private static ScoreSample sample(boolean activating, double score) {
        return new ScoreSample(List.of("a", "b"), new float[2], activating ? 0 : -1, activating, null, score, null);
    }

    @Test
    void reportShowsDeltaPlusAndDeltaMinus() throws Exception {
        Path run = tmp.resolve("run");
        Path dir = run.resolve("scores/example_embedding");
        // latent 1: delta_plus (0.5 + 0.3) / 2 = 0.4, delta_minus (0.1 - 0.3) / 2 = -0.1; AUC 1
        ScoreFiles.write(dir.resolve("layers.0_latent1.txt"),
            List.of(sample(true, 0.5), sample(true, 0.3), sample(false, 0.1), sample(false, -0.3)));
        // latent 2: delta_plus 0.2, delta_minus 0.3; AUC 0
        ScoreFiles.write(dir.resolve("layers.0_latent2.txt"), List.of(sample(true, 0.2), sample(false, 0.3)));
        CliRun r = CliRun.run("report", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("example_embedding: delta_plus 0.300, delta_minus 0.100, mean over 2 latents"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("example_embedding       2       -")), r.out());

        JsonNode json = new ObjectMapper().readTree(run.resolve("report/metrics.json").toFile())
            .at("/scorers/example_embedding");
        assertTrue(json.at("/aggregate/score_only").booleanValue(), json.toString());
        assertEquals(0.3, json.at("/aggregate/mean_over_latents/mean_score_activating").doubleValue(), EPS);
        assertEquals(0.1, json.at("/aggregate/mean_over_latents/mean_score_non_activating").doubleValue(), EPS);
        assertEquals(0.4, json.at("/latents/0/mean_score_activating").doubleValue(), EPS);
        assertEquals(-0.1, json.at("/latents/0/mean_score_non_activating").doubleValue(), EPS);
        assertEquals(1.0, json.at("/latents/0/auc").doubleValue(), EPS);
        assertEquals(0.0, json.at("/latents/1/auc").doubleValue(), EPS);

        String html = Files.readString(run.resolve("report/index.html"));
        assertTrue(html.contains("example_embedding: delta_plus 0.300, delta_minus 0.100, mean over 2 latents"), html);
        assertTrue(html.contains("example_embedding: AUC 1.000, delta_plus 0.400, delta_minus -0.100"), html);
    }
}

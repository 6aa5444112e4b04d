package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.metrics.TestRuns;
import dev.augur.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    private static final double EPS = 1e-9;

    @TempDir
    Path tmp;

    @Test
    void tableAndMetricsJson() throws Exception {
        Path run = TestRuns.augurRun(tmp.resolve("run"));
        CliRun r = CliRun.run("report", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("Latents: selected 10, dead 2, too rare 1, no train examples n/a, built 7, explained 3"), r.out());
        // summed detection counts TP 2 TN 3 FN 2: F1 2/3, balanced accuracy .75, precision 1, recall .5
        assertTrue(lines.contains("scorer    latents      F1  bal.acc precision  recall     AUC  failed    fw-F1"), r.out());
        assertTrue(lines.contains("detection       3   0.667    0.750     1.000   0.500     n/a       1    0.708"), r.out());
        assertTrue(lines.contains("embedding       1       -        -         -       -   0.875       0        -"), r.out());
        assertTrue(lines.contains("  detection  q0 0.667 (n=3)  q1 0.000 (n=1)  | non-activating 1.000 (n=3)"), r.out());

        JsonNode json = new ObjectMapper().readTree(run.resolve("report/metrics.json").toFile());
        assertEquals(10, json.at("/latents/selected").intValue());
        assertEquals(3, json.at("/latents/explained").intValue());
        JsonNode agg = json.at("/scorers/detection/aggregate");
        assertEquals(3, agg.get("latents_scored").intValue());
        assertEquals(2, agg.get("true_positives").intValue());
        assertEquals(3, agg.get("true_negatives").intValue());
        assertEquals(0, agg.get("false_positives").intValue());
        assertEquals(2, agg.get("false_negatives").intValue());
        assertEquals(1, agg.get("failed").intValue());
        assertEquals(2.0 / 3, agg.get("f1").doubleValue(), EPS);
        assertEquals(0.75, agg.get("balanced_accuracy").doubleValue(), EPS);
        assertTrue(agg.get("auc").isNull());
        assertEquals(TestRuns.FREQ_WEIGHTED_F1, agg.get("frequency_weighted_f1").doubleValue(), EPS);
        assertEquals((1 + 0 + 2.0 / 3) / 3, agg.at("/mean_over_latents/f1").doubleValue(), EPS);
        assertEquals(2, agg.at("/per_quantile/0/correct").intValue());
        assertEquals(3, agg.at("/per_quantile/0/count").intValue());
        JsonNode attn = json.at("/scorers/detection/latents/2");
        assertEquals("layers.1--attn_latent0", attn.get("latent").asText());
        assertEquals("layers.1/attn", attn.get("module").asText());
        assertEquals(5, attn.get("n_activations").intValue());
        assertEquals(2.0 / 3, attn.get("f1").doubleValue(), EPS);
        assertTrue(json.at("/scorers/embedding/aggregate/score_only").booleanValue());
        assertEquals(0.875, json.at("/scorers/embedding/aggregate/auc").doubleValue(), EPS);
    }

    @Test
    void jsonOption() throws Exception {
        Path run = TestRuns.augurRun(tmp.resolve("run"));
        CliRun r = CliRun.run("report", "--json", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode printed = new ObjectMapper().readTree(r.out());
        assertEquals(new ObjectMapper().readTree(run.resolve("report/metrics.json").toFile()), printed);
        assertEquals(0.875, printed.at("/scorers/embedding/aggregate/auc").doubleValue(), EPS);
    }

    @Test
    void delphiRunSaysNotAvailable() throws Exception {
        Path src = Path.of(getClass().getResource("/delphi-scores/delphi-run").toURI());
        Path run = tmp.resolve("delphi-run");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path to = run.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        CliRun r = CliRun.run("report", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("Latents: selected n/a, dead n/a, too rare n/a, no train examples n/a, built n/a, explained n/a"), r.out());
        // detection: TP 4 TN 3 FP 1 FN 2 failed 2 -> F1 8/11, bal.acc (4/6+3/4)/2, precision .8, recall 4/6
        assertTrue(lines.contains("detection       2   0.727    0.708     0.800   0.667   0.875       2      n/a"), r.out());
        assertTrue(lines.contains("fuzz            1   0.800    0.750     0.667   1.000   0.625       1      n/a"), r.out());
        assertTrue(Files.isRegularFile(run.resolve("report/metrics.json")));
    }

    @Test
    void badInputIsExit2WithMessage() throws Exception {
        CliRun r = CliRun.run("report", tmp.resolve("missing").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("run folder not found"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());

        Files.createDirectories(tmp.resolve("empty/scores/fuzz"));
        r = CliRun.run("report", tmp.resolve("empty").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("no score files"), r.err());

        Path bad = tmp.resolve("bad/scores/fuzz/m_latent0.txt");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"not\": \"a list\"}");
        r = CliRun.run("report", tmp.resolve("bad").toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("m_latent0.txt") && r.err().contains("array"), r.err());
    }
}

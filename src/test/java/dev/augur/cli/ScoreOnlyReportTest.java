package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.report.LatentPage;
import dev.augur.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur report} on hand-written score files of the scorers whose samples carry only a
 * score (probability, no prediction): surprisal (loss differences, outside 0..1, one failed
 * sample, and a latent whose samples all failed) and the example-embedding scorer under both
 * folder spellings. The table, metrics.json and the HTML report give them an AUC and a count
 * of unscored samples, never F1 figures, and the latent pages show scores, not failures.
 */
class ScoreOnlyReportTest {
    @TempDir
    Path tmp;

    private static ScoreSample scored(boolean activating, Double score) {
        return new ScoreSample(List.of("a", " b"), new float[] {0, activating ? 2 : 0}, activating ? 1 : -1,
            activating, null, score, null);
    }

    @Test
    void scoreOnlyScorersShowAucAndUnscoredNotF1() throws Exception {
        Path run = tmp.resolve("run");
        Path scores = run.resolve("scores");
        // surprisal latent 3: activating 1.5, 0.2; non-activating -0.3, 0.2, one failed -> AUC (1 + 1 + 1 + 0.5) / 4
        ScoreFiles.write(scores.resolve("surprisal/layers.0_latent3.txt"), List.of(scored(true, 1.5),
            scored(true, 0.2), scored(false, -0.3), scored(false, 0.2), scored(false, null)));
        ScoreFiles.write(scores.resolve("surprisal/layers.0_latent7.txt"), List.of(scored(true, null),
            scored(false, null)));
        ScoreFiles.write(scores.resolve("example_embedding/layers.0_latent3.txt"), List.of(scored(true, 0.9),
            scored(false, 0.1)));
        ScoreFiles.write(scores.resolve("example-embedding/layers.0_latent3.txt"), List.of(scored(true, 0.2),
            scored(false, 0.4)));
        Files.writeString(run.resolve("latents.jsonl"),
            "{\"module\": \"layers.0\", \"index\": 3, \"n_activations\": 10}\n"
                + "{\"module\": \"layers.0\", \"index\": 7, \"n_activations\": 5}\n");

        CliRun r = CliRun.run("report", run.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.contains("scorer            latents      F1  bal.acc precision  recall     AUC  failed    fw-F1"),
            r.out());
        assertTrue(lines.contains("surprisal               2       -        -         -       -   0.875       3        -"),
            r.out());
        assertTrue(lines.contains("example_embedding       1       -        -         -       -   1.000       0        -"),
            r.out());
        assertTrue(lines.contains("example-embedding       1       -        -         -       -   0.000       0        -"),
            r.out());
        assertFalse(r.out().contains("  surprisal  "), "no accuracy-per-quantile line: " + r.out());

        JsonNode agg = new ObjectMapper().readTree(run.resolve("report/metrics.json").toFile())
            .at("/scorers/surprisal/aggregate");
        assertTrue(agg.get("score_only").booleanValue());
        assertEquals(3, agg.get("unscored").intValue());
        assertEquals(0.875, agg.get("auc").doubleValue(), 1e-12);
        assertTrue(agg.get("frequency_weighted_f1").isNull());

        String html = Files.readString(run.resolve("report/index.html"));
        assertTrue(html.contains("<td class=\"name\">surprisal</td><td>2</td><td>-</td><td>-</td><td>-</td><td>-</td>"
            + "<td>0.875</td><td>3</td><td>-</td><td>-</td><td>-</td>"), html);
        assertTrue(html.contains("surprisal: AUC n/a;"), "the all-failed latent: " + html);
        assertFalse(html.contains("surprisal: F1"), html);

        String page = LatentPage.fragment(run, "layers.0_latent3", List.of("surprisal"));
        assertEquals(4, count(page, "class=\"prediction scored\""), page);
        assertEquals(1, count(page, "class=\"prediction failed\""), page);
        assertTrue(page.contains("activating, score 1.500"), page);
        assertTrue(page.contains("non-activating, score -0.300"), page);
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int at = s.indexOf(part); at >= 0; at = s.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}

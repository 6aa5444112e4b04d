package dev.augur.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.CliRun;
import dev.augur.testing.ScoringRunFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** augur run --scorers example-embedding: in-process MiniLM, no LLM, no explanation, delphi's folder name. */
class ExampleEmbeddingRunTest {
    @TempDir
    Path dir;

    @Test
    void scoresExamplesAgainstExamplesWithoutAServer() throws Exception {
        Path cache = ScoringRunFixture.writeCache(dir);
        CliRun r = CliRun.run("run", "--cache", cache.toString(), "--latents", "layers.2=0",
            "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results", dir.resolve("results").toString(),
            "--name", "ex", "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10",
            "--n-test", "20", "--n-quantiles", "5", "--n-non-activating", "12",
            "--explainer", "none", "--scorers", "example-embedding");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Path run = dir.resolve("results/ex");
        List<ScoreSample> samples = ScoreFiles.read(run.resolve("scores/example_embedding/layers.2_latent0.txt"));
        // 20 test examples, then the 12 - min(10 train, 11) = 2 non-activating examples left over
        assertEquals(22, samples.size());
        assertEquals(20, samples.stream().filter(ScoreSample::activating).count());
        for (ScoreSample s : samples) {
            assertNull(s.prediction());
            assertTrue(s.probability() >= -2 && s.probability() <= 2, "difference of cosines " + s.probability());
        }
        JsonNode agg = new ObjectMapper().readTree(run.resolve("report/metrics.json").toFile())
            .at("/scorers/example_embedding/aggregate");
        assertTrue(agg.get("score_only").asBoolean(), agg.toString());
        assertTrue(agg.at("/mean_over_latents/mean_score_activating").isNumber(), agg.toString());
        assertTrue(r.out().contains("example_embedding"), r.out());
        // the scorer reads no explanation, so none was asked for, read or written
        assertTrue(!java.nio.file.Files.exists(run.resolve("explanations/layers.2_latent0.txt")));
    }

    @Test
    void aScorerThatReadsExplanationsStillNeedsThem() throws Exception {
        Path cache = ScoringRunFixture.writeCache(dir);
        CliRun r = CliRun.run("run", "--cache", cache.toString(), "--latents", "layers.2=0",
            "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results", dir.resolve("results").toString(),
            "--name", "ex", "--example-ctx-len", "8", "--min-examples", "20",
            "--explainer", "none", "--scorers", "example-embedding,embedding");
        assertEquals(2, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("--explainer none reads explanations"), r.err());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("results/ex")));
    }
}

package dev.augur.run;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.CliRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding scorer runs without any LLM: loaded explanations, in-process embeddings. */
class EmbeddingRunTest {
    @TempDir
    Path dir;

    private CliRun run(String... extra) throws Exception {
        Path cache = dir.resolve("latents");
        if (!cache.toFile().exists()) {
            ScoringRunFixture.writeCache(dir);
            ScoringRunFixture.writeExplanation(dir.resolve("expl"), "layers.2_latent0", "the word \"the\"");
            ScoringRunFixture.writeExplanation(dir.resolve("expl"), "layers.2_latent1", "the letters \"he\"");
        }
        List<String> args = new java.util.ArrayList<>(List.of("run", "--cache", cache.toString(),
            "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results",
            dir.resolve("results").toString(), "--name", "emb", "--example-ctx-len", "8",
            "--min-examples", "20", "--n-train", "10", "--n-test", "20", "--n-quantiles", "5",
            "--n-non-activating", "12"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    @Test
    void scoresWithEmbeddingsAndNoServer() throws Exception {
        CliRun r = run("--explainer", "none", "--explanations", dir.resolve("expl").toString(),
            "--scorers", "embedding");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Path run = dir.resolve("results/emb");
        List<ScoreSample> samples = ScoreFiles.read(run.resolve("scores/embedding/layers.2_latent0.txt"));
        assertEquals(32, samples.size());
        for (ScoreSample s : samples) {
            assertNull(s.prediction());
            assertTrue(s.probability() >= -1 && s.probability() <= 1, "cosine " + s.probability());
        }
        JsonNode agg = new ObjectMapper().readTree(run.resolve("report/metrics.json").toFile())
            .at("/scorers/embedding/aggregate");
        assertTrue(agg.get("score_only").asBoolean(), agg.toString());
        double auc = agg.get("auc").asDouble();
        assertTrue(auc >= 0 && auc <= 1, agg.toString());
        assertTrue(r.out().contains("embedding"), r.out());
    }

    @Test
    void llmScorersWithoutAServerAreAClearError() throws Exception {
        CliRun r = run("--explainer", "none", "--explanations", dir.resolve("expl").toString(),
            "--scorers", "embedding,detection");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("pass --llm-base-url and --model"), r.err());
    }
}

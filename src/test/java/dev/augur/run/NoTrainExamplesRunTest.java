package dev.augur.run;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a low --min-examples the disjoint sampler can give the test set every example of a rare
 * latent (latent 2 of the run fixture: at most 5 examples, a test set of 20 from one quantile).
 * Such a latent is skipped with "no train examples" wherever an explainer would be prompted,
 * and the skip shows in latents.jsonl, run_stats.json, the summary and the report.
 */
class NoTrainExamplesRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Vertx vertx;
    FakeOpenAiServer server;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = FakeOpenAiServer.start(vertx, ScoringRunFixture::answer).await();
        cache = ScoringRunFixture.writeCache(dir);
    }

    @AfterEach
    void stop() {
        server.close().await();
        vertx.close().await();
    }

    private List<String> sampling() {
        return List.of("--cache", cache.toString(), "--tokenizer", ScoringRunFixture.TOKENIZER.toString(),
            "--example-ctx-len", "8", "--min-examples", "1", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "1", "--n-non-activating", "12");
    }

    private CliRun run(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--results", dir.resolve("results").toString(),
            "--name", name, "--llm-base-url", server.baseUrl(), "--model", "test-model", "--llm-concurrency", "4",
            "--scorers", "detection"));
        args.addAll(sampling());
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static Map<String, JsonNode> latentLines(Path run) throws Exception {
        return Files.readAllLines(run.resolve("latents.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toMap(n -> n.get("latent").asText(), n -> n));
    }

    @Test
    void aLatentWithoutTrainExamplesIsSkippedNeverExplained() throws Exception {
        CliRun r = run("r");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Path run = dir.resolve("results/r");
        // the explainer never saw an empty prompt, and was asked about latents 0 and 1 only
        List<Integer> explained = server.requests().stream().filter(ScoringRunFixture::isExplainer)
            .map(ScoringRunFixture::exampleCount).toList();
        assertEquals(2, explained.size(), explained.toString());
        assertTrue(explained.stream().allMatch(n -> n > 0), explained.toString());
        assertFalse(Files.exists(run.resolve("explanations/layers.2_latent2.txt")));
        assertFalse(Files.exists(run.resolve("scores/detection/layers.2_latent2.txt")));
        assertTrue(Files.exists(run.resolve("scores/detection/layers.2_latent1.txt")));

        assertEquals("no train examples", latentLines(run).get("layers.2_latent2").get("skipped").asText());
        assertTrue(latentLines(run).get("layers.2_latent0").get("skipped").isNull());
        JsonNode stats = JSON.readTree(run.resolve("run_stats.json").toFile());
        assertEquals(1, stats.get("no_train_examples").asInt());
        assertEquals(0, stats.get("too_rare").asInt());
        assertEquals(2, stats.get("built").asInt());
        assertEquals(2, stats.get("scored").asInt());
        assertTrue(r.out().contains("skipped: 0 below min_examples, 1 with no train examples"), r.out());
        assertTrue(r.out().contains("no train examples 1"), r.out()); // the metrics table's counts line
        assertEquals(1, JSON.readTree(run.resolve("report/metrics.json").toFile())
            .at("/latents/no_train_examples").asInt());
        String html = Files.readString(run.resolve("report/index.html"));
        assertTrue(html.contains("too rare 0, no train examples 1, built 2"), html);
    }

    @Test
    void explanationsLoadedFromFilesNeedNoTrainSet() throws Exception {
        Path given = dir.resolve("given");
        for (int l = 0; l < 3; l++) {
            ScoringRunFixture.writeExplanation(given, "layers.2_latent" + l, "the token \"T\"");
        }
        CliRun r = run("loaded", "--explainer", "none", "--explanations", given.toString());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Path run = dir.resolve("results/loaded");
        assertTrue(server.requests().stream().noneMatch(ScoringRunFixture::isExplainer));
        assertTrue(Files.exists(run.resolve("scores/detection/layers.2_latent2.txt")), "scored on its test set");
        assertTrue(latentLines(run).get("layers.2_latent2").get("skipped").isNull());
        assertEquals(0, JSON.readTree(run.resolve("run_stats.json").toFile()).get("no_train_examples").asInt());
    }

    @Test
    void recordsShowTheReason() throws Exception {
        List<String> args = new ArrayList<>(List.of("records", "--format", "summary"));
        args.addAll(sampling());
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode rare = r.out().lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(n -> n.get("index").asInt() == 2).findFirst().orElseThrow();
        assertEquals("no train examples", rare.get("skipped").asText(), r.out());
        assertEquals(0, rare.get("n_train").asInt());
        assertTrue(rare.get("n_test").asInt() > 0);
        assertTrue(r.err().contains("no train examples 1"), r.err());
    }
}

package dev.augur.run;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run} end to end against the test LLM server (a real HTTP server on 127.0.0.1
 * speaking the OpenAI protocol, whose answers follow a known rule): prompts, files, metrics.
 */
class RunEndToEndTest {
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

    private CliRun run(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--cache", cache.toString(),
            "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results", dir.resolve("results").toString(),
            "--name", "r1", "--llm-base-url", server.baseUrl(), "--model", "test-model",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12", "--llm-concurrency", "4"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static String token(String explanation) {
        int a = explanation.indexOf('"');
        return explanation.substring(a + 1, explanation.lastIndexOf('"'));
    }

    @Test
    void explainsScoresAndReportsWhatTheFilesSay() throws Exception {
        CliRun r = run("--scorers", "detection,fuzz");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        Path run = dir.resolve("results/r1");
        // latent 0 fires on every " the": its explanation names that token
        String ex0 = JSON.readTree(run.resolve("explanations/layers.2_latent0.txt").toFile()).asText();
        assertEquals("the token \" the\"", ex0);
        assertTrue(Files.exists(run.resolve("explanations/layers.2_latent1.txt")));
        assertFalse(Files.exists(run.resolve("explanations/layers.2_latent2.txt")), "too rare");

        long tp = 0, tn = 0, fp = 0, fn = 0;
        for (String latent : List.of("layers.2_latent0", "layers.2_latent1")) {
            String explained = token(JSON.readTree(run.resolve("explanations/" + latent + ".txt").toFile()).asText());
            List<ScoreSample> det = ScoreFiles.read(run.resolve("scores/detection/" + latent + ".txt"));
            assertEquals(20 + 12, det.size());
            assertEquals(20, det.stream().filter(ScoreSample::activating).count());
            for (ScoreSample s : det) {
                boolean expected = String.join("", s.strTokens()).contains(explained);
                assertEquals(expected, s.prediction(), "the server's rule, mapped back to the right sample");
                assertEquals(s.prediction() == s.activating(), s.correct());
                tp += s.activating() && expected ? 1 : 0;
                fn += s.activating() && !expected ? 1 : 0;
                fp += !s.activating() && expected ? 1 : 0;
                tn += !s.activating() && !expected ? 1 : 0;
            }
            List<ScoreSample> fuzz = ScoreFiles.read(run.resolve("scores/fuzz/" + latent + ".txt"));
            assertEquals(32, fuzz.size());
            if (latent.endsWith("0")) { // correct marks always cover " the"
                fuzz.stream().filter(ScoreSample::activating).forEach(s -> assertEquals(true, s.prediction()));
            }
        }
        JsonNode metrics = JSON.readTree(run.resolve("report/metrics.json").toFile());
        JsonNode detection = metrics.at("/scorers/detection");
        assertEquals(tp, detection.at("/aggregate/true_positives").asLong(), detection.toString());
        assertEquals(tn, detection.at("/aggregate/true_negatives").asLong());
        assertEquals(fp, detection.at("/aggregate/false_positives").asLong());
        assertEquals(fn, detection.at("/aggregate/false_negatives").asLong());
        double p = tp / (double) (tp + fp);
        double rec = tp / (double) (tp + fn);
        assertEquals(2 * p * rec / (p + rec), detection.at("/aggregate/f1").asDouble(), 1e-9);

        // prompts: 5 examples each except the last of a latent; every example shown once
        long scorerRequests = server.requests().stream().filter(q -> !ScoringRunFixture.isExplainer(q)).count();
        assertEquals(2 * 2 * 7, scorerRequests); // 2 latents x 2 scorers x ceil(32 / 5)
        assertEquals(2 * 2 * 32, server.requests().stream().filter(q -> !ScoringRunFixture.isExplainer(q))
            .mapToInt(ScoringRunFixture::exampleCount).sum());
        assertTrue(server.requests().stream().filter(q -> !ScoringRunFixture.isExplainer(q))
            .allMatch(q -> ScoringRunFixture.exampleCount(q) == 5 || ScoringRunFixture.exampleCount(q) == 2));
        // explainer prompts: the train examples (10), marks around the active tokens
        JsonObject explain = server.requests().stream().filter(ScoringRunFixture::isExplainer)
            .filter(q -> ScoringRunFixture.lastUser(q).contains("<< the>>")).findFirst().orElseThrow();
        assertEquals(10, ScoringRunFixture.exampleCount(explain));

        JsonNode stats = JSON.readTree(run.resolve("run_stats.json").toFile());
        assertEquals(4, stats.get("selected").asInt());
        assertEquals(1, stats.get("dead").asInt());
        assertEquals(1, stats.get("too_rare").asInt());
        assertEquals(2, stats.get("scored").asInt());
        String config = Files.readString(run.resolve("run_config.json"));
        assertTrue(config.contains("\"scorers\" : \"detection,fuzz\""), config);
        assertTrue(r.out().contains("detection") && r.out().contains("fuzz"), r.out());
        assertNoTemporaryFiles(run);

        // a rerun resumes: nothing left to do, no request sent
        int before = server.requests().size();
        CliRun again = run("--scorers", "detection,fuzz");
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(before, server.requests().size());
        assertFalse(again.err().contains("warning"), again.err());
        // resuming with other result-shaping settings warns; a narrower selection keeps the
        // earlier latents' bookkeeping lines
        CliRun other = run("--scorers", "detection,fuzz", "--n-examples-shown", "4", "--latents", "0");
        assertEquals(0, other.exitCode(), other.err());
        assertTrue(other.err().contains("warning: resuming") && other.err().contains("n-examples-shown: 5 -> 4"),
            other.err());
        assertEquals(3, Files.readAllLines(run.resolve("latents.jsonl")).size(), "latents 0, 1 and 2 (dead ones have no line)");
    }

    static void assertNoTemporaryFiles(Path run) throws Exception {
        try (Stream<Path> files = Files.walk(run)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}

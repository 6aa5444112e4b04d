package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.TestCache;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run} exits 0 only when every selected latent was processed; a run where latents
 * failed or had no explanation exits {@link Augur#EXIT_FAILED_LATENTS} and says how many
 * (issue 11, defect 7).
 */
class RunExitStatusTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path cache;
    Path results;
    Vertx vertx;

    @BeforeEach
    void writeCache() throws Exception {
        cache = dir.resolve("cache");
        TestCache.withPatternTokens(64, 32, 13).randomActivations(6, 3, 60)
            .write(cache, "layers.1", new int[][] {{0, 5}});
        results = dir.resolve("results");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    /** A run of the test cache; {@code flagsAndValues} add flags or replace the defaults. */
    private CliRun run(String... flagsAndValues) {
        return RunPreflightTest.cli(List.of("--cache", cache.toString(), "--tokenizer", RunPreflightTest.TOKENIZER,
            "--results", results.toString(), "--name", "r", "--example-ctx-len", "8", "--min-examples", "20",
            "--n-train", "10", "--n-test", "10", "--n-quantiles", "5", "--n-non-activating", "6"), flagsAndValues);
    }

    private JsonNode runStats() throws Exception {
        return JSON.readTree(results.resolve("r/run_stats.json").toFile());
    }

    private static String failureLine(CliRun r) {
        return r.err().lines().filter(l -> l.contains("selected latents were not processed")).findFirst()
            .orElseThrow(() -> new AssertionError("no failure line in: " + r.err()));
    }

    @Test
    void aServerAnswering401FailsTheLatentsAndTheExitStatusSaysSo() throws Exception {
        FakeOpenAiServer server = FakeOpenAiServer.start(vertx,
            q -> FakeOpenAiServer.Reply.status(401, "{\"error\": {\"message\": \"invalid key\"}}"))
            .await(10, TimeUnit.SECONDS);
        // a loopback server needs no key: the unset variable is no error
        CliRun r = run("--explainer", "default", "--scorers", "detection", "--llm-base-url", server.baseUrl(),
            "--model", "m", "--api-key-env", "AUGUR_TEST_UNSET_KEY_VARIABLE", "--max-retries", "0",
            "--request-timeout", "5000", "--llm-max-outage", "2000");
        assertEquals(Augur.EXIT_FAILED_LATENTS, r.exitCode(), r.err() + r.out());
        assertTrue(!server.requests().isEmpty(), "the run asked the server");
        JsonNode stats = runStats();
        long failed = stats.get("failed").asLong();
        assertTrue(failed > 0, stats.toString());
        assertEquals(stats.get("selected").asLong(), 6, stats.toString());
        assertEquals("augur: " + failed + " of 6 selected latents were not processed (" + failed + " failed, "
            + "0 without explanation): see the lines above and " + results.resolve("r/run_stats.json")
            + "; a rerun retries them", failureLine(r));
    }

    @Test
    void latentsWithoutAnExplanationFileGiveTheSameStatus() throws Exception {
        Path expl = Files.createDirectories(dir.resolve("expl"));
        Files.writeString(expl.resolve("layers.1_latent1.txt"), "\"the pattern token\"");
        CliRun r = run("--explainer", "none", "--explanations", expl.toString(), "--scorers", "embedding");
        assertEquals(Augur.EXIT_FAILED_LATENTS, r.exitCode(), r.err() + r.out());
        long missing = runStats().get("no_explanation").asLong();
        assertTrue(missing > 0, runStats().toString());
        assertTrue(failureLine(r).startsWith("augur: " + missing + " of 6 selected latents were not processed "
            + "(0 failed, " + missing + " without explanation)"), r.err());
    }

    @Test
    void aRunThatProcessedEveryLatentExitsZero() throws Exception {
        Path expl = Files.createDirectories(dir.resolve("expl"));
        for (int l = 0; l < 6; l++) {
            Files.writeString(expl.resolve("layers.1_latent" + l + ".txt"), "\"pattern " + l + "\"");
        }
        CliRun r = run("--explainer", "none", "--explanations", expl.toString(), "--scorers", "embedding");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        assertTrue(!r.err().contains("not processed"), r.err());
    }
}

package dev.augur.run;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the test LLM server during a run, keyed on each prompt's content so that retries of
 * a prompt meet the same fault: wrong-length answers, HTTP 500 then success, invalid JSON then
 * success, one 429 with Retry-After, prompts that never answer, log-probabilities on some.
 */
class RunFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Vertx vertx;
    FakeOpenAiServer server;
    final Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final AtomicBoolean throttled = new AtomicBoolean();

    static int fault(JsonObject request) {
        return Math.floorMod(ScoringRunFixture.lastUser(request).hashCode(), 7);
    }

    volatile boolean healthy;

    /** Latent 1's prompts (explained as "he") that never answer: that latent fails whole. */
    static boolean hangs(JsonObject request) {
        String user = ScoringRunFixture.lastUser(request);
        return user.startsWith("Explanation: the token \"he\"") && Math.floorMod(user.hashCode(), 2) == 0;
    }

    private Reply answer(JsonObject request) {
        if (ScoringRunFixture.isExplainer(request) || healthy) {
            return ScoringRunFixture.answer(request);
        }
        if (hangs(request)) {
            return Reply.hang();
        }
        if (ScoringRunFixture.lastUser(request).startsWith("Explanation: the token \"he\"")) {
            return ScoringRunFixture.answer(request);
        }
        String key = ScoringRunFixture.lastUser(request);
        boolean first = seen.add(key);
        List<Integer> answers = ScoringRunFixture.expectedAnswers(request);
        return switch (fault(request)) {
            case 0 -> Reply.text("[" + "1,".repeat(answers.size()) + "0]"); // one too many: all null
            case 1 -> first ? Reply.status(500, "overloaded") : ScoringRunFixture.answer(request);
            case 2 -> first ? Reply.invalidJson() : ScoringRunFixture.answer(request);
            case 4 -> first && throttled.compareAndSet(false, true)
                ? Reply.status(429, "slow down").withRetryAfter("1") : ScoringRunFixture.answer(request);
            case 5 -> ScoringRunFixture.answer(request).withLogprobs(logprobs(answers));
            default -> ScoringRunFixture.answer(request);
        };
    }

    /** Answer tokens "[", "1", ",", "0", ... with P(answer) = 0.8 and the other digit 0.2. */
    static JsonArray logprobs(List<Integer> answers) {
        JsonArray a = new JsonArray().add(FakeOpenAiServer.logprob("[", 0.0));
        for (int i = 0; i < answers.size(); i++) {
            String tok = String.valueOf(answers.get(i));
            String other = answers.get(i) == 1 ? "0" : "1";
            a.add(FakeOpenAiServer.logprob(tok, Math.log(0.8), tok, Math.log(0.8), other, Math.log(0.2)));
            a.add(FakeOpenAiServer.logprob(i + 1 < answers.size() ? "," : "]", 0.0));
        }
        return a;
    }

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = FakeOpenAiServer.start(vertx, this::answer).await();
    }

    @AfterEach
    void stop() {
        server.close().await();
        vertx.close().await();
    }

    private CliRun run(Path cache) {
        return CliRun.run("run", "--cache", cache.toString(), "--tokenizer",
            ScoringRunFixture.TOKENIZER.toString(), "--results", dir.resolve("results").toString(),
            "--name", "faults", "--llm-base-url", server.baseUrl(), "--model", "m",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12", "--scorers", "detection",
            "--log-probs", "--request-timeout", "400", "--max-retries", "2", "--llm-concurrency", "8");
    }

    @Test
    void theRunFinishesAndCountsEveryFailure() throws Exception {
        Path cache = ScoringRunFixture.writeCache(dir);
        CliRun r = run(cache);
        // a latent failed: the exit status says so (0 is for runs that processed every latent)
        assertEquals(dev.augur.cli.Augur.EXIT_FAILED_LATENTS, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("augur: 1 of 4 selected latents were not processed (1 failed, 0 without "
            + "explanation)"), r.err());
        Path run = dir.resolve("results/faults");

        // failed samples = examples of latent 0's prompts answered with a wrong length
        // The attempts the server saw, per prompt (a retry sends the same messages again).
        List<JsonObject> requests = new ArrayList<>(server.requests());
        Map<String, Integer> attempts = new HashMap<>();
        requests.forEach(q -> attempts.merge(q.getJsonArray("messages").encode(), 1, Integer::sum));
        Set<String> distinct = new HashSet<>();
        long expectedFailed = 0;
        long hung = 0;
        long retried = 0;
        for (JsonObject q : requests) {
            String key = q.getJsonArray("messages").encode();
            if (ScoringRunFixture.isExplainer(q) || !distinct.add(key)) {
                continue;
            }
            if (hangs(q)) {
                hung++;
                assertEquals(3, attempts.get(key), "a prompt that never answers is tried 1 + --max-retries times");
                continue;
            }
            if (ScoringRunFixture.lastUser(q).startsWith("Explanation: the token \"he\"")) {
                continue;
            }
            int f = fault(q);
            expectedFailed += f == 0 ? ScoringRunFixture.exampleCount(q) : 0;
            if (f == 1 || f == 2) {
                retried++;
                assertTrue(attempts.get(key) >= 2, "a 500 or invalid JSON is retried: " + ScoringRunFixture.lastUser(q));
            }
        }
        assertTrue(hung > 0 && expectedFailed > 0 && retried > 0, "the faults occurred");
        JsonNode agg = JSON.readTree(run.resolve("report/metrics.json").toFile()).at("/scorers/detection/aggregate");
        assertEquals(expectedFailed, agg.get("failed").asLong(), agg.toString());

        JsonNode usage = JSON.readTree(run.resolve("report/usage.json").toFile());
        assertEquals(hung, usage.get("failures").asLong(), usage.toString());
        // The retries counted are the ones the server saw: at least each hung prompt's two, one per
        // 500 / invalid JSON and the 429's; more when a slow machine lets an ordinary prompt time
        // out (--request-timeout 400), which is not predictable from the prompts.
        long seen = attempts.values().stream().mapToLong(n -> n - 1).sum();
        assertEquals(seen, usage.get("retries").asLong(), "retries counted vs seen by the server: " + usage);
        assertTrue(seen >= 2 * hung + retried + (throttled.get() ? 1 : 0), "retries seen: " + seen);

        // a prompt that never answered fails its latent: no score file, so a rerun asks again
        assertTrue(java.nio.file.Files.notExists(run.resolve("scores/detection/layers.2_latent1.txt")));
        assertEquals(1, JSON.readTree(run.resolve("run_stats.json").toFile()).get("failed").asInt());
        assertTrue(r.out().contains("1 failed"), r.out());
        long withProbability = 0;
        for (String latent : List.of("layers.2_latent0")) {
            List<ScoreSample> samples = ScoreFiles.read(run.resolve("scores/detection/" + latent + ".txt"));
            assertEquals(32, samples.size(), "every sample written, failures as null");
            for (ScoreSample s : samples) {
                if (s.prediction() == null) {
                    assertNull(s.correct());
                    assertNull(s.probability());
                } else if (s.probability() != null) {
                    withProbability++;
                    assertEquals(s.prediction() ? 0.8 : 0.2, s.probability(), 1e-9);
                }
            }
        }
        assertTrue(withProbability > 0, "log-probabilities turned into probabilities");
        RunEndToEndTest.assertNoTemporaryFiles(run);

        // the server recovers: the rerun scores latent 1 only, and keeps latent 0's file
        healthy = true;
        int before = server.requests().size();
        CliRun again = run(cache);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(server.requests().subList(before, server.requests().size()).stream()
            .allMatch(q -> ScoringRunFixture.lastUser(q).startsWith("Explanation: the token \"he\"")));
        assertEquals(32, ScoreFiles.read(run.resolve("scores/detection/layers.2_latent1.txt")).size());
        assertNotNull(JSON.readTree(run.resolve("run_stats.json").toFile()));
    }
}

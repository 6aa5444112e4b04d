package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.testing.ChatTemplateUsage;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.ScoringRunFixture;
import dev.augur.tokenizer.TokenCounter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run --estimate} against the test LLM server, whose usage is counted like a ChatML
 * server's with the GPT-2 tokenizer: the estimate sends nothing and writes nothing, its requests
 * per stage equal the real run's, its prompt tokens are within 15% of what the server reports;
 * the real run's per-latent usage adds up to the client's total.
 */
class RunEstimateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GPT2 = Path.of("src/main/resources/dev/augur/demo/gpt2-tokenizer.json");

    @TempDir
    Path dir;
    Vertx vertx;
    TokenCounter counter;
    ChatTemplateUsage usage;
    FakeOpenAiServer server;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        counter = TokenCounter.open(GPT2);
        usage = new ChatTemplateUsage(counter);
        server = FakeOpenAiServer.start(vertx, usage.reporting(ScoringRunFixture::answer)).await();
        cache = ScoringRunFixture.writeCache(dir);
    }

    @AfterEach
    void stop() {
        server.close().await();
        vertx.close().await();
        counter.close();
    }

    private CliRun run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--cache", cache.toString(),
            "--tokenizer", GPT2.toString(), "--results", dir.resolve("results").toString(),
            "--name", "r1", "--llm-base-url", server.baseUrl(), "--model", "test-model",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12", "--llm-concurrency", "4",
            "--scorers", "detection,fuzz"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static String stage(JsonObject request) {
        return ScoringRunFixture.isExplainer(request) ? "explainer"
            : ScoringRunFixture.isFuzz(request) ? "fuzz" : "detection";
    }

    /** The estimate's table: stage -> {requests, prompt tokens, completion tokens}. */
    private static Map<String, long[]> table(String out) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && List.of("explainer", "detection", "fuzz", "total").contains(f[0])) {
                rows.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])});
            }
        }
        return rows;
    }

    @Test
    void theEstimateSendsNothingWritesNothingAndMatchesTheRealRun() throws Exception {
        CliRun est = run("--estimate", "--price-input", "0.5", "--price-output", "2");
        assertEquals(0, est.exitCode(), est.err() + est.out());
        assertEquals(0, server.requestCount(), "an estimate sends no request");
        assertFalse(Files.exists(dir.resolve("results")), "an estimate writes no run folder");
        assertTrue(est.out().contains("cost USD"), est.out());
        Map<String, long[]> estimate = table(est.out());

        CliRun real = run();
        assertEquals(0, real.exitCode(), real.err() + real.out());
        Map<String, long[]> served = new HashMap<>();
        for (JsonObject q : server.requests()) {
            long[] row = served.computeIfAbsent(stage(q), s -> new long[3]);
            row[0]++;
            row[1] += usage.promptTokens(q);
        }
        for (String s : List.of("explainer", "detection", "fuzz")) {
            assertEquals(served.get(s)[0], estimate.get(s)[0], s + ": requests are exact");
            double error = Math.abs(estimate.get(s)[1] - served.get(s)[1]) / (double) served.get(s)[1];
            System.out.printf("estimate %s: %d requests, prompt tokens %d estimated vs %d served (%.1f%%)%n",
                s, estimate.get(s)[0], estimate.get(s)[1], served.get(s)[1], 100 * error);
            assertTrue(error <= 0.15, s + ": prompt tokens " + estimate.get(s)[1] + " vs " + served.get(s)[1]);
        }
    }

    @Test
    void eachLatentCarriesItsUsageByStageAndTheSumIsTheClientsTotal() throws Exception {
        CliRun real = run();
        assertEquals(0, real.exitCode(), real.err() + real.out());
        Path runDir = dir.resolve("results/r1");
        long requests = 0, prompt = 0, completion = 0;
        try (Stream<Path> done = Files.list(runDir.resolve("done"))) {
            for (Path f : done.toList()) {
                JsonNode u = JSON.readTree(f.toFile()).get("usage");
                assertEquals(List.of("explainer", "detection", "fuzz"), fieldNames(u), f.toString());
                for (JsonNode stage : u) {
                    requests += stage.get("requests").asLong();
                    prompt += stage.get("prompt_tokens").asLong();
                    completion += stage.get("completion_tokens").asLong();
                    assertFalse(stage.has("estimated"), "the server reported usage");
                }
            }
        }
        JsonNode total = JSON.readTree(runDir.resolve("report/usage.json").toFile());
        assertEquals(total.get("requests").asLong(), requests);
        assertEquals(total.get("prompt_tokens").asLong(), prompt);
        assertEquals(total.get("completion_tokens").asLong(), completion);
        assertEquals(server.requestCount(), requests);
        // latents.jsonl: the same usage on each scored latent's line
        long lines = Files.readAllLines(runDir.resolve("latents.jsonl")).stream()
            .map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).filter(n -> n.has("usage")).count();
        assertEquals(2, lines);
        // the report: totals by stage, tokens per latent, the most expensive latents
        JsonNode report = JSON.readTree(runDir.resolve("report/metrics.json").toFile()).get("llm_usage");
        long reported = 0;
        for (JsonNode stage : report.get("by_stage")) {
            reported += stage.get("prompt_tokens").asLong();
        }
        assertEquals(prompt, reported);
        assertEquals(2, report.at("/tokens_per_latent/latents").asLong());
        assertEquals(2, report.get("most_expensive").size());
        String html = Files.readString(runDir.resolve("report/index.html"));
        assertTrue(html.contains("<h2>LLM usage</h2>") && html.contains("most expensive latents"));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

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
import dev.augur.testing.TestCache;
import dev.augur.tokenizer.TokenCounter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run --budget-tokens / --budget-usd} against the test LLM server, which reports
 * usage as a ChatML server counting with the GPT-2 tokenizer: a run stops at its budget with
 * exit status 4, its bookkeeping and report written and latents left; the same command with a
 * larger budget finishes them without asking again for the ones done; bad budgets are one line.
 */
class RunBudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GPT2 = Path.of("src/main/resources/dev/augur/demo/gpt2-tokenizer.json");
    private static final int LATENTS = 4;

    @TempDir
    Path dir;
    Vertx vertx;
    TokenCounter counter;
    FakeOpenAiServer server;
    Path cache;
    Path results;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        counter = TokenCounter.open(GPT2);
        server = FakeOpenAiServer.start(vertx, new ChatTemplateUsage(counter).reporting(ScoringRunFixture::answer)).await();
        cache = writeCache(dir);
        results = dir.resolve("results");
    }

    @AfterEach
    void stop() {
        server.close().await();
        vertx.close().await();
        counter.close();
    }

    /** Four latents, each firing on its own token, often enough to be explained and scored. */
    private static Path writeCache(Path dir) throws Exception {
        int nSeq = 64;
        int len = 32;
        Random r = new Random(11);
        int[] vocab = {0, 1, 2, 3, 4, 5, 6, 7};
        long[] tokens = new long[nSeq * len];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = vocab[r.nextInt(vocab.length)];
        }
        TestCache c = new TestCache(nSeq, len, tokens);
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < LATENTS) {
                c.add(i / len, i % len, (int) tokens[i], 0.5f + r.nextFloat() * 4);
            }
        }
        Path cache = dir.resolve("latents");
        c.write(cache, "layers.2", new int[][] {{0, 1}, {2, 3}});
        return cache;
    }

    private CliRun run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--cache", cache.toString(),
            "--tokenizer", GPT2.toString(), "--results", results.toString(),
            "--name", "r1", "--llm-base-url", server.baseUrl(), "--model", "test-model",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "10",
            "--n-quantiles", "5", "--n-non-activating", "6", "--llm-concurrency", "4",
            "--scorers", "detection", "--max-latents-in-flight", "1"));
        args.addAll(List.of(extra));
        return CliRun.run(args.toArray(String[]::new));
    }

    /** done/ file name -> its text. */
    private Map<String, String> done() throws Exception {
        Map<String, String> out = new TreeMap<>();
        Path folder = results.resolve("r1/done");
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        return out;
    }

    private long explainerRequests() {
        return server.requests().stream().filter(ScoringRunFixture::isExplainer).count();
    }

    @Test
    void aRunStopsAtItsBudgetAndALargerBudgetFinishesWithoutRedoingAnything() throws Exception {
        // the budget from --conf, as a node config would give it: 1 token, so only the first latent starts
        Path conf = Files.writeString(dir.resolve("conf.json"), "{\"budget-tokens\": 1}");
        CliRun first = run("--conf", conf.toString());
        assertEquals(Augur.EXIT_BUDGET, first.exitCode(), first.err() + first.out());
        Map<String, String> doneFirst = done();
        assertEquals(1, doneFirst.size(), "one latent started, then the budget was crossed: " + doneFirst.keySet());
        assertEquals(1, explainerRequests());
        List<String> budgetLines = first.err().lines().filter(l -> l.contains("budget reached")).toList();
        assertEquals(1, budgetLines.size(), first.err());
        String line = budgetLines.get(0);
        System.out.println("budget stop: " + line);
        long spent = usageTokens(doneFirst.values().iterator().next());
        assertTrue(line.contains("this run spent " + spent + " tokens on 1 latent(s)"), line);
        assertTrue(line.contains((LATENTS - 1) + " selected latent(s) not started"), line);
        // bookkeeping and report as at a normal end
        JsonNode stats = JSON.readTree(results.resolve("r1/run_stats.json").toFile());
        assertEquals(1, stats.get("scored").asLong(), stats.toString());
        assertTrue(Files.isRegularFile(results.resolve("r1/report/index.html")));
        assertTrue(Files.isRegularFile(results.resolve("r1/report/metrics.json")));

        int before = server.requestCount();
        CliRun second = run("--conf", conf.toString(), "--budget-tokens", "1000000000");
        assertEquals(0, second.exitCode(), second.err() + second.out());
        Map<String, String> doneSecond = done();
        assertEquals(LATENTS, doneSecond.size(), doneSecond.keySet().toString());
        doneFirst.forEach((f, text) -> assertEquals(text, doneSecond.get(f), f + " was not redone"));
        List<JsonObject> resumed = server.requests().subList(before, server.requestCount());
        assertEquals(LATENTS - 1, resumed.stream().filter(ScoringRunFixture::isExplainer).count(),
            "the resumed run explains only the latents not done");
        long sentAgain = 0;
        for (String text : doneSecond.values()) {
            if (!doneFirst.containsValue(text)) {
                sentAgain += JSON.readTree(text).get("usage").findValues("requests").stream()
                    .mapToLong(JsonNode::asLong).sum();
            }
        }
        assertEquals(sentAgain, resumed.size(), "every request of the resumed run is for a latent it finished");
    }

    @Test
    void aDollarBudgetNeedsPricesAndStopsAtItsCost() throws Exception {
        CliRun r = run("--budget-usd", "0.000001", "--price-input", "0.5", "--price-output", "2");
        assertEquals(Augur.EXIT_BUDGET, r.exitCode(), r.err() + r.out());
        assertEquals(1, done().size());
        assertTrue(r.err().contains("budget reached (--budget-usd 0.000001)"), r.err());
        assertTrue(r.err().contains(" USD) on 1 latent(s)"), r.err());
        // the cost at the given prices: in the summary, and in the report from the completion records
        JsonNode usage = JSON.readTree(results.resolve("r1/report/metrics.json").toFile()).get("llm_usage");
        long prompt = 0;
        long completion = 0;
        for (JsonNode stage : usage.get("by_stage")) {
            prompt += stage.get("prompt_tokens").asLong();
            completion += stage.get("completion_tokens").asLong();
        }
        assertEquals((prompt * 0.5 + completion * 2) / 1e6, usage.get("cost_usd").asDouble(), 1e-12, usage.toString());
        assertTrue(r.out().contains(" at the given prices"), r.out());
        assertTrue(Files.readString(results.resolve("r1/report/index.html")).contains("<th>cost USD</th>"));
    }

    private static long usageTokens(String doneJson) throws Exception {
        long n = 0;
        for (JsonNode stage : JSON.readTree(doneJson).get("usage")) {
            n += stage.get("prompt_tokens").asLong() + stage.get("completion_tokens").asLong();
        }
        return n;
    }

    @Test
    void badBudgetsAreOneLineAndWriteNothing() throws Exception {
        Path badConf = Files.writeString(dir.resolve("bad.json"), "{\"budget-tokens\": -4}");
        String[][] cases = {
            {"--budget-tokens", "0"},
            {"--budget-tokens", "-3"},
            {"--budget-tokens", "many"},
            {"--budget-usd", "0"},
            {"--budget-usd", "-1", "--price-input", "1", "--price-output", "1"},
            {"--budget-usd", "5"},
            {"--budget-usd", "5", "--price-input", "1"},
            {"--conf", badConf.toString()},
        };
        for (String[] c : cases) {
            CliRun r = run(c);
            String what = String.join(" ", c);
            assertEquals(2, r.exitCode(), what + ": " + r.err());
            List<String> lines = r.err().lines().toList();
            System.out.println(what + " -> " + r.err().strip());
            assertEquals(1, lines.size(), what + ": " + r.err());
            assertTrue(lines.get(0).startsWith("augur: error: "), lines.get(0));
            assertTrue(lines.get(0).contains("--budget") || lines.get(0).contains("--price"), lines.get(0));
            assertFalse(Files.exists(results), what + ": nothing is written");
        }
        assertEquals(0, server.requestCount());
    }
}

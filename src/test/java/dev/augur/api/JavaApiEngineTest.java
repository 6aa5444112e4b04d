package dev.augur.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.explain.Explanation;
import dev.augur.explain.ExplainerVariant;
import dev.augur.llm.LlmConfig;
import dev.augur.metrics.ScoreSample;
import dev.augur.run.LatentResult;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import dev.augur.score.ScoreInput;
import dev.augur.score.Scorer;
import dev.augur.score.ScorerKind;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.ScoringRunFixture;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API runs on the verticle pipeline of {@code augur run}: the same files for the same
 * settings, the same resume, loaded and random explanations, the caller's own stages, and a
 * stream whose consumer bounds the latents in flight. Against the test LLM server (a Vert.x
 * HTTP server on 127.0.0.1 speaking the OpenAI protocol, its answers following a known rule).
 */
class JavaApiEngineTest {
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

    /** The settings of {@link #cliArgs} through the builder. */
    private AugurPipelineBuilder builder() {
        return AugurPipeline.builder().cache(cache).tokenizer(ScoringRunFixture.TOKENIZER)
            .constructor(new ConstructorConfig(8, 20, 0, 12, WindowMode.ALIGNED, NonActivatingSource.RANDOM, 22))
            .sampler(new SamplerConfig(TrainType.QUANTILES, 10, 20, 5, SamplerConfig.DEFAULT_RATIO_TOP,
                SamplingMode.DISJOINT, 22))
            .llm(LlmConfig.of(server.baseUrl(), "test-model"));
    }

    private List<String> cliArgs(Path results) {
        return new ArrayList<>(List.of("run", "--cache", cache.toString(), "--tokenizer",
            ScoringRunFixture.TOKENIZER.toString(), "--results", results.toString(), "--name", "r",
            "--llm-base-url", server.baseUrl(), "--model", "test-model", "--example-ctx-len", "8",
            "--min-examples", "20", "--n-train", "10", "--n-test", "20", "--n-quantiles", "5",
            "--n-non-activating", "12", "--scorers", "detection,fuzz"));
    }

    /** Every file under the folders a latent's outputs live in, by relative path. */
    private static Map<String, String> outputs(Path run) throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (String sub : List.of("explanations", "scores", "done")) {
            try (Stream<Path> all = Files.walk(run.resolve(sub))) {
                for (Path p : all.filter(Files::isRegularFile).toList()) {
                    files.put(run.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }

    private static List<LatentResult> all(AugurPipeline p) {
        try (Stream<LatentResult> s = p.run()) {
            return s.toList();
        }
    }

    @Test
    void theJavaApiWritesWhatAugurRunWritesForTheSameSettings() throws Exception {
        CliRun cli = CliRun.run(cliArgs(dir.resolve("cli")).toArray(String[]::new));
        assertEquals(0, cli.exitCode(), cli.err());
        Path api = dir.resolve("api/r");
        try (AugurPipeline p = builder().explain(ExplainerVariant.DEFAULT, false, false)
                .scorer(ScorerKind.DETECTION).scorer(ScorerKind.FUZZ).output(api, false).build()) {
            List<LatentResult> results = all(p);
            assertEquals(2, results.size());
            assertTrue(results.stream().allMatch(r -> r.status() == LatentResult.Status.SCORED));
            assertEquals(4, p.stats().selected());
        }
        Map<String, String> fromCli = outputs(dir.resolve("cli/r"));
        assertEquals(2 + 2 * 2 + 2, fromCli.size(), fromCli.keySet().toString());
        assertEquals(fromCli, outputs(api), "explanations, score files and completion records");
        // one typed plan: run_config.json is the same but for where the folder is
        ObjectNode cliConfig = (ObjectNode) JSON.readTree(dir.resolve("cli/r/run_config.json").toFile());
        ObjectNode apiConfig = (ObjectNode) JSON.readTree(api.resolve("run_config.json").toFile());
        cliConfig.remove("results");
        apiConfig.remove("results");
        assertEquals(cliConfig, apiConfig);
        assertEquals(3000, apiConfig.get("max-tokens").asInt(), "the CLI's max_tokens, not a default of its own");
        for (String f : List.of("latents.jsonl", "run_stats.json", "report/metrics.json", "report/index.html")) {
            assertTrue(Files.exists(api.resolve(f)), f);
        }
    }

    @Test
    void aSecondRunOnTheSameFolderResumesWithoutAskingTheLlm() throws Exception {
        Path run = dir.resolve("resume");
        try (AugurPipeline p = builder().explain(ExplainerVariant.DEFAULT, false, false)
                .scorer(ScorerKind.DETECTION).output(run, false).build()) {
            all(p);
        }
        int asked = server.requests().size();
        assertTrue(asked > 0);
        Map<String, String> before = outputs(run);
        // a scorer added on resume: only its prompts are sent, the explanations are reused
        try (AugurPipeline p = builder().explain(ExplainerVariant.DEFAULT, false, false)
                .scorer(ScorerKind.DETECTION).scorer(ScorerKind.FUZZ).output(run, false).build()) {
            List<LatentResult> again = all(p);
            assertTrue(again.stream().allMatch(r -> r.status() == LatentResult.Status.SCORED), again.toString());
            assertTrue(again.stream().allMatch(r -> r.scores().keySet().equals(java.util.Set.of("detection", "fuzz"))));
        }
        assertTrue(server.requests().subList(asked, server.requests().size()).stream()
            .noneMatch(ScoringRunFixture::isExplainer), "no explanation asked again");
        int withFuzz = server.requests().size();
        try (AugurPipeline p = builder().explain(ExplainerVariant.DEFAULT, false, false)
                .scorer(ScorerKind.DETECTION).scorer(ScorerKind.FUZZ).output(run, false).build()) {
            List<LatentResult> done = all(p);
            assertEquals(2, done.size());
            assertTrue(done.stream().allMatch(r -> r.status() == LatentResult.Status.ALREADY_DONE));
        }
        assertEquals(withFuzz, server.requests().size(), "a finished run asks nothing");
        Map<String, String> after = outputs(run);
        before.forEach((file, text) -> assertEquals(text, after.get(file), file + " is not rewritten"));
    }

    @Test
    void loadedExplanationsAreCopiedIntoTheRunAndRandomOnesComeFromAnotherLatent() throws Exception {
        Path given = Files.createDirectories(dir.resolve("given"));
        Files.writeString(given.resolve("layers.2_latent0.txt"), "\"the token \\\" the\\\"\"");
        Files.writeString(given.resolve("layers.2_latent1.txt"), "\"the token \\\" cat\\\"\"");
        Path loaded = dir.resolve("loaded");
        try (AugurPipeline p = builder().loadExplanations(given).scorer(ScorerKind.DETECTION)
                .output(loaded, false).build()) {
            Map<String, String> texts = all(p).stream().collect(Collectors.toMap(LatentResult::name,
                r -> r.explanation().text()));
            assertEquals(Map.of("layers.2_latent0", "the token \" the\"", "layers.2_latent1", "the token \" cat\""), texts);
        }
        assertTrue(server.requests().stream().noneMatch(ScoringRunFixture::isExplainer), "nothing explained");
        assertEquals(Files.readString(given.resolve("layers.2_latent0.txt")),
            Files.readString(loaded.resolve("explanations/layers.2_latent0.txt")), "copied into the run");
        try (AugurPipeline p = builder().randomExplanations(given).scorer(ScorerKind.DETECTION)
                .output(dir.resolve("random"), false).build()) {
            for (LatentResult r : all(p)) {
                String own = r.name().endsWith("0") ? "the token \" the\"" : "the token \" cat\"";
                assertFalse(r.explanation().text().equals(own), r.name() + " got another latent's explanation");
            }
        }
    }

    /** A scorer of the caller's: counts its calls, logs them next to the consumer's takes. */
    private static final class CountingScorer implements Scorer {
        final List<String> events;

        CountingScorer(List<String> events) {
            this.events = events;
        }

        @Override
        public String name() {
            return "lengths";
        }

        @Override
        public Future<List<ScoreSample>> score(ScoreInput input) {
            synchronized (events) {
                events.add("scored");
            }
            List<ScoreSample> out = input.record().samples().test().stream().map(ex -> new ScoreSample(
                List.of("x"), null, 0, true, true, null, true, null)).toList();
            return Future.succeededFuture(out);
        }
    }

    @Test
    void ownStagesRunLocallyAndAReaderThatLagsHoldsBackTheRun() throws Exception {
        List<String> events = new ArrayList<>();
        Path run = dir.resolve("own");
        try (AugurPipeline p = builder()
                .explainer((record, decoder) -> Future.succeededFuture(
                    new Explanation("mine " + record.name(), true, "custom")), true)
                .scorer(new CountingScorer(events)).parallelism(1).output(run, false).build()) {
            try (Stream<LatentResult> s = p.run()) {
                // a reader that is late for the first result: without the bound, the next latent
                // is scored meanwhile
                dev.augur.testing.Await.until("the first latent scored", () -> {
                    synchronized (events) {
                        return !events.isEmpty();
                    }
                }, java.time.Duration.ofSeconds(60));
                Thread.sleep(500);
                s.forEach(r -> {
                    synchronized (events) {
                        events.add("taken");
                    }
                });
            }
        }
        assertEquals(List.of("scored", "taken", "scored", "taken"), events,
            "with one latent in flight, the next is scored only once the reader took the last");
        assertEquals("\"mine layers.2_latent1\"", Files.readString(run.resolve("explanations/layers.2_latent1.txt")));
        assertTrue(Files.exists(run.resolve("scores/lengths/layers.2_latent0.txt")));
        assertTrue(Files.exists(run.resolve("done/layers.2_latent0.json")));
        assertTrue(server.requests().isEmpty(), "neither own stage asked the LLM");
    }

    @Test
    void withoutOutputTheRunFolderIsTemporary() throws Exception {
        Path folder;
        try (AugurPipeline p = builder().explain(ExplainerVariant.DEFAULT, false, false)
                .scorer(ScorerKind.DETECTION).build()) {
            assertEquals(2, all(p).size());
            folder = p.plan().layout().dir();
            assertTrue(Files.exists(folder.resolve("done")));
        }
        assertFalse(Files.exists(folder), "removed at close");
    }

    @Test
    void theJavaApiHasAugurRunsDefaultsAndOneSeed() throws Exception {
        // nothing set but what both must name: the same plan, so the same run_config.json
        Path results = dir.resolve("defaults");
        CliRun cli = CliRun.run("run", "--cache", cache.toString(), "--tokenizer", ScoringRunFixture.TOKENIZER.toString(),
            "--results", results.toString(), "--name", "cli", "--llm-base-url", server.baseUrl(), "--model", "test-model",
            "--example-ctx-len", "8", "--latents", "0");
        assertEquals(0, cli.exitCode(), cli.err());
        try (AugurPipeline p = AugurPipeline.builder().cache(cache).tokenizer(ScoringRunFixture.TOKENIZER)
                .constructor(dev.augur.construct.ConstructorConfig.defaults().withExampleCtxLen(8)).latents("0")
                .llm(LlmConfig.of(server.baseUrl(), "test-model")).explain(ExplainerVariant.DEFAULT, false, false)
                .scorer(ScorerKind.FUZZ).scorer(ScorerKind.DETECTION).output(results.resolve("api"), false).build()) {
            Map<String, Object> api = new java.util.LinkedHashMap<>(p.plan().settings());
            Map<String, Object> fromCli = JSON.readValue(results.resolve("cli/run_config.json").toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() { });
            fromCli.remove("augur_version");
            for (String k : List.of("name", "llm", "prompt-sha256")) {
                fromCli.remove(k);
                api.remove(k);
            }
            assertEquals(JSON.readTree(JSON.writeValueAsString(fromCli)), JSON.readTree(JSON.writeValueAsString(api)));
        }
        // one seed for the whole run: a sampler with another is refused, seed(...) sets them all
        assertThrows(dev.augur.AugurException.class, () -> builder().sampler(SamplerConfig.defaults(7))
            .explain(ExplainerVariant.DEFAULT, false, false).scorer(ScorerKind.DETECTION).build().close());
        try (AugurPipeline p = builder().sampler(SamplerConfig.defaults(7)).seed(7)
                .explain(ExplainerVariant.DEFAULT, false, false).scorer(ScorerKind.DETECTION).build()) {
            assertEquals(7, p.plan().seed());
            assertEquals(7, p.plan().scorerSettings().seed(), "the scorers' seed follows the run's");
            assertEquals(7, p.plan().explain().seed());
        }
    }
}

package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.llm.LlmConfig;
import dev.augur.testing.ScoringRunFixture;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.TestTokenizer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run} with {@code --llm-cache} (a rerun sends nothing and writes the same scores)
 * and with several {@code --llm-base-url} (one server killed mid-run: the run completes on the
 * other), and the checks of both flags.
 */
class LlmCacheAndEndpointsRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path cache;
    Path results;
    Vertx vertx;

    @BeforeEach
    void writeCache() throws Exception {
        cache = ScoringRunFixture.writeCache(dir);
        results = dir.resolve("results");
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    private CliRun run(String... flags) {
        List<String> args = new ArrayList<>(List.of("run", "--cache", cache.toString(), "--tokenizer",
            TestTokenizer.BYTE_BPE.toString(), "--results", results.toString(), "--name", "r",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12", "--model", "test-model",
            "--explainer", "default", "--scorers", "detection,fuzz", "--request-timeout", "10000"));
        args.addAll(List.of(flags));
        return CliRun.run(args.toArray(String[]::new));
    }

    private FakeOpenAiServer server() throws Exception {
        return FakeOpenAiServer.start(vertx, ScoringRunFixture::answer).await(10, TimeUnit.SECONDS);
    }

    /** Every file under the run's explanations/ and scores/, path to content. */
    private Map<String, String> outputs() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (String sub : List.of("explanations", "scores")) {
            Path root = results.resolve("r").resolve(sub);
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    out.put(root.relativize(f).toString(), Files.readString(f));
                }
            }
        }
        return out;
    }

    @Test
    void anOverwriteRerunWithTheCacheSendsNothingAndWritesTheSameScores() throws Exception {
        FakeOpenAiServer server = server();
        Path llmCache = dir.resolve("llm-cache");
        CliRun first = run("--llm-base-url", server.baseUrl(), "--llm-cache", llmCache.toString());
        assertEquals(0, first.exitCode(), first.err() + first.out());
        int sent = server.requestCount();
        assertTrue(sent > 0);
        Map<String, String> before = outputs();
        assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith("detection")), before.keySet().toString());

        CliRun again = run("--llm-base-url", server.baseUrl(), "--llm-cache", llmCache.toString(), "--overwrite");
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertEquals(sent, server.requestCount(), "the rerun sent no request");
        assertEquals(before, outputs(), "the same explanations and score files");
        assertTrue(again.out().contains("LLM: 0 requests"), again.out());
        assertTrue(again.out().contains("LLM cache: " + sent + " answers from the cache"), again.out());
        JsonNode usage = JSON.readTree(results.resolve("r/report/usage.json").toFile());
        assertEquals(sent, usage.get("cache_hits").asInt());
        assertEquals(0, usage.get("requests").asInt());

        CliRun off = run("--llm-base-url", server.baseUrl(), "--llm-cache", "off", "--overwrite");
        assertEquals(0, off.exitCode(), off.err());
        assertEquals(2 * sent, server.requestCount(), "off: every request sent again");
        server.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void withTwoServersBothAnswerAndTheRunCompletesWhenOneIsKilled() throws Exception {
        AtomicInteger answeredByA = new AtomicInteger();
        FakeOpenAiServer[] a = new FakeOpenAiServer[1];
        a[0] = FakeOpenAiServer.start(vertx, q -> {
            if (answeredByA.incrementAndGet() == 6) {
                vertx.setTimer(1, id -> a[0].close()); // killed mid-run
            }
            return ScoringRunFixture.answer(q).withDelay(20);
        }).await(10, TimeUnit.SECONDS);
        FakeOpenAiServer b = FakeOpenAiServer.start(vertx, q -> ScoringRunFixture.answer(q).withDelay(20))
            .await(10, TimeUnit.SECONDS);
        CliRun r = run("--llm-base-url", a[0].baseUrl(), "--llm-base-url", b.baseUrl(), "--llm-concurrency", "2");
        assertEquals(0, r.exitCode(), r.err() + r.out());
        JsonNode stats = JSON.readTree(results.resolve("r/run_stats.json").toFile());
        assertEquals(0, stats.get("failed").asInt(), stats.toString());
        assertTrue(stats.get("scored").asInt() > 0, stats.toString());
        assertTrue(a[0].requestCount() >= 6, "A answered before it died");
        assertTrue(b.requestCount() > 0, "B took the rest");
        JsonNode endpoints = JSON.readTree(results.resolve("r/report/usage.json").toFile()).get("endpoints");
        assertEquals(2, endpoints.size());
        assertEquals(a[0].baseUrl(), endpoints.get(0).get("base_url").asText());
        assertEquals(b.requestCount(), endpoints.get(1).get("requests").asInt());
        assertTrue(endpoints.get(0).get("circuit_openings").asInt() == 1, "A died mid-run and was taken out: "
            + endpoints);
        assertTrue(r.out().contains("LLM endpoint " + b.baseUrl() + ": " + b.requestCount() + " requests"), r.out());
        b.close().await(5, TimeUnit.SECONDS);
    }

    private void assertOneLineErrorAndNothingWritten(CliRun r, String flag) {
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("augur: error: " + flag), r.err());
        assertFalse(Files.exists(results), "nothing written");
    }

    @Test
    void aCacheThatIsAFileIsOneLineNamingTheFlag() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        CliRun r = run("--llm-base-url", "http://127.0.0.1:9/v1", "--llm-cache", file.toString());
        assertOneLineErrorAndNothingWritten(r, "--llm-cache");
        assertTrue(r.err().contains("not a folder"), r.err());
        CliRun under = run("--llm-base-url", "http://127.0.0.1:9/v1", "--llm-cache", file.resolve("sub").toString());
        assertOneLineErrorAndNothingWritten(under, "--llm-cache");
        CliRun bound = run("--llm-base-url", "http://127.0.0.1:9/v1", "--llm-cache-max-mb", "0");
        assertOneLineErrorAndNothingWritten(bound, "--llm-cache-max-mb");
    }

    @Test
    void aMalformedUrlInTheListIsOneLineNamingTheFlag() {
        CliRun r = run("--llm-base-url", "http://127.0.0.1:9/v1", "--llm-base-url", "127.0.0.1:10/v1");
        assertOneLineErrorAndNothingWritten(r, "--llm-base-url (URL 2 of 2)");
        CliRun twice = run("--llm-base-url", "http://127.0.0.1:9/v1,http://127.0.0.1:9/v1/");
        assertOneLineErrorAndNothingWritten(twice, "--llm-base-url (URL 2 of 2)");
        assertTrue(twice.err().contains("given twice"), twice.err());
    }

    @Test
    void urlsOnTheCommandLineReplaceTheConfList() throws Exception {
        com.fasterxml.jackson.databind.JsonNode conf = JSON.readTree("{\"model\": \"m\", \"llm-base-url\": "
            + "[\"http://127.0.0.1:8000/v1\", \"http://127.0.0.1:8001/v1\"]}");
        RunCommand fromConf = new RunCommand();
        picocli.CommandLine cli = new picocli.CommandLine(fromConf);
        cli.setDefaultValueProvider(JsonDefaults.of(Path.of("c.json"), conf));
        cli.parseArgs();
        assertEquals(List.of("http://127.0.0.1:8000/v1", "http://127.0.0.1:8001/v1"), fromConf.llm.config().baseUrls());
        RunCommand overridden = new RunCommand();
        cli = new picocli.CommandLine(overridden);
        cli.setDefaultValueProvider(JsonDefaults.of(Path.of("c.json"), conf));
        cli.parseArgs("--llm-base-url", "http://127.0.0.1:9000/v1", "--llm-base-url", "http://127.0.0.1:9001/v1");
        assertEquals(List.of("http://127.0.0.1:9000/v1", "http://127.0.0.1:9001/v1"), overridden.llm.config().baseUrls());
    }

    @Test
    void aNodeConfigTakesTheUrlsAsAJsonListAndTheCacheFolder() {
        JsonObject conf = new JsonObject().put("model", "m")
            .put("llm-base-url", new JsonArray().add("http://127.0.0.1:8000/v1").add("http://127.0.0.1:8001/v1/"))
            .put("llm-cache", dir.resolve("shared-cache").toString()).put("llm-cache-max-mb", 64);
        LlmConfig llm = RunPlans.fromConfig(conf, false).llm();
        assertEquals(List.of("http://127.0.0.1:8000/v1", "http://127.0.0.1:8001/v1"), llm.baseUrls());
        assertEquals(dir.resolve("shared-cache").toAbsolutePath().toString(), llm.cacheDir());
        assertEquals(64, llm.cacheMaxMb());
        LlmConfig plain = RunPlans.fromConfig(new JsonObject().put("model", "m")
            .put("llm-base-url", "http://127.0.0.1:8000/v1"), false).llm();
        assertEquals(List.of("http://127.0.0.1:8000/v1"), plain.baseUrls());
        assertEquals(null, plain.cacheDir(), "the default is off");
    }
}

package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.FakeOpenAiServer.Reply;
import dev.augur.testing.ScoringRunFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run --scorers surprisal} end to end against the test LLM server: the explainer
 * through chat, the scorer through {@code /v1/completions} with echoed log-probabilities (a
 * " the" token is cheaper after the explained prefix); score files with a score per sample,
 * the report's surprisal row, and {@code --estimate} counting the same completions requests.
 */
class SurprisalRunTest {
    @TempDir
    Path dir;
    Vertx vertx;
    FakeOpenAiServer server;
    Path cache;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = FakeOpenAiServer.start(vertx, r -> r.containsKey("prompt")
            ? Reply.echo(r, SurprisalRunTest::logprob) : ScoringRunFixture.answer(r)).await();
        cache = ScoringRunFixture.writeCache(dir);
    }

    @AfterEach
    void stop() {
        server.close().await();
        vertx.close().await();
    }

    private static double logprob(String prompt, String token) {
        return prompt.contains("Description: the token \" the\"\n") && token.equals(" the") ? -0.5 : -2.0;
    }

    private CliRun run(String... extra) {
        return CliRun.run(args(extra));
    }

    /** The arguments of {@link #run} under another run name, with more options (later ones win). */
    private String[] withName(String name, String... extra) {
        List<String> a = new ArrayList<>(List.of(args(extra)));
        a.set(a.indexOf("--name") + 1, name);
        int model = a.indexOf("--model");
        if (List.of(extra).contains("--model")) {
            a.remove(model + 1);
            a.remove(model);
        }
        return a.toArray(String[]::new);
    }

    private String[] args(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "--cache", cache.toString(),
            "--tokenizer", ScoringRunFixture.TOKENIZER.toString(), "--results", dir.resolve("results").toString(),
            "--name", "s1", "--llm-base-url", server.baseUrl(), "--model", "test-model",
            "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12", "--scorers", "surprisal"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void runScoresThroughCompletionsAndTheEstimateCountsThem() throws Exception {
        CliRun est = run("--estimate");
        assertEquals(0, est.exitCode(), est.err() + est.out());
        assertEquals(0, server.requestCount());
        long estimated = requestsOf(est.out(), "surprisal");

        CliRun real = run();
        assertEquals(0, real.exitCode(), real.err() + real.out());
        long completions = server.paths().stream().filter("/v1/completions"::equals).count();
        assertTrue(completions > 0);
        assertEquals(completions, estimated, "the estimate counts the completions requests: " + est.out());
        Path scores = dir.resolve("results/s1/scores/surprisal");
        List<Path> files;
        try (Stream<Path> s = Files.list(scores)) {
            files = s.toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            List<ScoreSample> samples = ScoreFiles.read(f);
            assertEquals(32, samples.size(), f.toString());
            for (ScoreSample x : samples) {
                assertNotNull(x.probability(), f + ": every sample scored");
                assertEquals(null, x.prediction());
            }
        }
        CliRun report = CliRun.run("report", dir.resolve("results/s1").toString());
        assertEquals(0, report.exitCode(), report.err());
        assertTrue(report.out().lines().anyMatch(l -> l.matches("surprisal\\s+" + files.size()
            + "\\s+-\\s+-\\s+-\\s+-\\s+[01]\\.\\d{3}\\s+0\\s+-")), report.out());

        // another model scores the same explanations: a scoring-only run, nothing asked through chat
        int before = server.requestCount();
        CliRun again = CliRun.run(withName("s2", "--model", "base-model", "--explainer", "none",
            "--explanations", dir.resolve("results/s1/explanations").toString()));
        assertEquals(0, again.exitCode(), again.err() + again.out());
        List<JsonObject> later = server.requests().subList(before, server.requestCount());
        assertEquals(completions, later.size());
        assertTrue(later.stream().allMatch(q -> q.containsKey("prompt") && "base-model".equals(q.getString("model"))));
    }

    private static long requestsOf(String table, String stage) {
        for (String line : table.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].equals(stage)) {
                return Long.parseLong(f[1]);
            }
        }
        throw new AssertionError("no " + stage + " row in " + table);
    }
}

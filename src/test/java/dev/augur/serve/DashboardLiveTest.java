package dev.augur.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.demo.DemoCache;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.Await;
import dev.augur.testing.Browser;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.ScoringRunFixture;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur run --serve} on the demo cache against a slow test LLM server (a Vert.x HTTP
 * server on 127.0.0.1 speaking the OpenAI protocol): the JSON API and the event stream while the
 * run goes, and the page in real headless Chromium (no script error, the done counter rising
 * without a reload, the latent view with highlighted tokens, screenshots under
 * target/dashboard/).
 */
public class DashboardLiveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RUN_DEADLINE = Duration.ofMinutes(3);
    public static final Path SCREENSHOTS = Path.of("target", "dashboard");

    @TempDir
    Path dir;

    public static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public static JsonNode get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return JSON.readTree(r.body());
    }

    /** The event stream's lines, read on a thread of its own until the server closes it. */
    static List<String> listen(HttpClient http, String url) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread t = new Thread(() -> {
            try {
                HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofLines());
                r.body().forEach(lines::add);
            } catch (Exception e) {
                lines.add("closed: " + e);
            }
        }, "sse-reader");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** The "data:" of each event of a type, in order. */
    static List<JsonNode> events(List<String> lines, String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        List<String> copy;
        synchronized (lines) {
            copy = new ArrayList<>(lines);
        }
        for (int i = 0; i + 1 < copy.size(); i++) {
            if (copy.get(i).equals("event: " + type) && copy.get(i + 1).startsWith("data: ")) {
                out.add(JSON.readTree(copy.get(i + 1).substring(6)));
            }
        }
        return out;
    }

    @Test
    void theDashboardFollowsARunInProgress() throws Exception {
        Vertx vertx = Vertx.vertx();
        // slow answers: the run lasts long enough to be watched
        FakeOpenAiServer llm = FakeOpenAiServer.start(vertx, ScoringRunFixture::answer, 80).await();
        HttpClient http = HttpClient.newHttpClient();
        Path demo = DemoCache.extract(dir.resolve("demo-cache"));
        Path results = dir.resolve("results");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.run("run",
            "--cache", demo.resolve("latents").toString(), "--tokenizer", demo.resolve("gpt2-tokenizer.json").toString(),
            "--results", results.toString(), "--name", "live", "--llm-base-url", llm.baseUrl(), "--model", "m",
            "--example-ctx-len", "8", "--min-examples", "20", "--scorers", "detection",
            "--max-latents-in-flight", "2", "--serve", String.valueOf(port), "--price-input", "3", "--price-output", "15"));
        try (Browser browser = Browser.start(dir.resolve("chromium"))) {
            Await.until("the dashboard answers", () -> {
                try {
                    return get(http, base + "/api/run").has("counts");
                } catch (Exception e) {
                    return run.isDone();
                }
            }, Duration.ofMinutes(1));
            List<String> sse = listen(http, base + "/api/events");
            Browser.Page page = browser.open(base + "/");
            Await.until("the page shows the run", () -> page.eval("document.getElementById('status').textContent")
                .asText().equals("running") || run.isDone(), Duration.ofSeconds(60));
            int first = page.eval("+document.getElementById('done').textContent").asInt();
            List<Long> seen = new ArrayList<>();
            Await.until("/api/run counts rise", () -> {
                long done = get(http, base + "/api/run").at("/counts/done").asLong();
                if (seen.isEmpty() || seen.get(seen.size() - 1) != done) {
                    seen.add(done);
                }
                return seen.size() >= 3 || run.isDone();
            }, RUN_DEADLINE);
            Await.until("the page's counter rises without a reload", () -> page.eval(
                "+document.getElementById('done').textContent").asInt() > first || run.isDone(), RUN_DEADLINE);
            assertTrue(seen.size() >= 3, "counts seen while running: " + seen);
            JsonNode usage = get(http, base + "/api/run").get("usage");
            assertEquals((usage.get("prompt_tokens").asLong() * 3 + usage.get("completion_tokens").asLong() * 15) / 1e6,
                usage.get("cost_usd").asDouble(), 1e-12, "the cost so far at the given prices: " + usage);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) > seen.get(i - 1), "counts only rise: " + seen);
            }
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("dashboard-running.png"), page.screenshot());
            // a latent finished while the run goes: the API says what its files say
            Await.until("a scored latent", () -> get(http, base + "/api/latents?status=scored").get("total").asInt() > 0
                || run.isDone(), RUN_DEADLINE);
            if (!run.isDone()) {
                String name = get(http, base + "/api/latents?status=scored&limit=1").at("/latents/0/name").asText();
                assertDetailMatchesFiles(http, base, results.resolve("live"), name);
            }

            CliRun done = run.get(RUN_DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(0, done.exitCode(), done.err());
            assertTrue(done.err().contains("augur: dashboard " + base + "/"), done.err());
            String history = page.eval("document.body.dataset.doneHistory").asText();
            assertTrue(history.split(",").length >= 2, "the page saw the counter change: " + history);
            assertEquals(List.of(), page.errors(), "no script error in the page");

            // the stream: every finished latent once, progress in order
            Path live = results.resolve("live");
            List<JsonNode> latents = events(sse, "latent");
            long scored = latents.stream().filter(e -> e.get("status").asText().equals("scored")).count();
            try (Stream<Path> doneFiles = Files.list(live.resolve("done"))) {
                assertEquals(doneFiles.count(), scored, "one latent event per completion record");
            }
            List<JsonNode> progress = events(sse, "progress");
            assertTrue(!progress.isEmpty(), "progress events: " + sse.size() + " lines");
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i).at("/counts/done").asLong() >= progress.get(i - 1).at("/counts/done").asLong());
            }
            assertEquals("state", sse.get(0).substring("event: ".length()), "a client gets the state first");
        } finally {
            llm.close().await();
            vertx.close().await();
        }
    }

    /** What {@code /api/latents/{name}} says is what the score files hold. */
    public static void assertDetailMatchesFiles(HttpClient http, String base, Path run, String name) throws Exception {
        JsonNode d = get(http, base + "/api/latents/" + name);
        assertEquals(name, d.get("name").asText());
        for (String scorer : List.of("detection")) {
            List<ScoreSample> file = ScoreFiles.read(run.resolve("scores/" + scorer + "/" + name + ".txt"));
            JsonNode samples = d.at("/samples/" + scorer);
            assertEquals(file.size(), samples.size());
            for (int i = 0; i < file.size(); i++) {
                assertEquals(String.valueOf(file.get(i).prediction()), samples.get(i).get("prediction").asText());
                assertEquals(file.get(i).activating(), samples.get(i).get("activating").asBoolean());
                assertEquals(file.get(i).strTokens().size(), samples.get(i).get("str_tokens").size());
            }
        }
    }
}

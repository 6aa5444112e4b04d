package dev.augur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.augur.metrics.ScoreFiles;
import dev.augur.serve.DashboardLiveTest;
import dev.augur.serve.DashboardSecurityTest;
import dev.augur.metrics.ScoreSample;
import dev.augur.testing.Await;
import dev.augur.testing.Browser;
import dev.augur.testing.CliRun;
import dev.augur.testing.FakeOpenAiServer;
import dev.augur.testing.ScoringRunFixture;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code augur serve} over a finished Augur run and over a folder delphi wrote, in the API and in
 * real headless Chromium (the latent view with highlighted tokens; hostile text stays text).
 */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void aFinishedAugurRunIsBrowsedLikeALiveOne() throws Exception {
        Vertx vertx = Vertx.vertx();
        FakeOpenAiServer llm = FakeOpenAiServer.start(vertx, ScoringRunFixture::answer).await();
        Path cache = ScoringRunFixture.writeCache(dir);
        CliRun run = CliRun.run("run", "--cache", cache.toString(), "--tokenizer", ScoringRunFixture.TOKENIZER.toString(),
            "--results", dir.resolve("results").toString(), "--name", "r", "--llm-base-url", llm.baseUrl(),
            "--model", "m", "--example-ctx-len", "8", "--min-examples", "20", "--n-train", "10", "--n-test", "20",
            "--n-quantiles", "5", "--n-non-activating", "12", "--scorers", "detection");
        llm.close().await();
        vertx.close().await();
        assertEquals(0, run.exitCode(), run.err());
        Path folder = dir.resolve("results/r");
        try (ServeCommand.Running s = ServeCommandHarness.start(folder)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + s.server().port();
            JsonNode state = DashboardLiveTest.get(http, base + "/api/run");
            assertEquals("done", state.get("status").asText());
            assertEquals(4, state.at("/counts/selected").asInt());
            assertEquals(2, state.at("/counts/scored").asInt());
            assertEquals(1, state.at("/counts/skipped").asInt(), "too rare: " + state);
            assertEquals(1, state.at("/counts/dead").asInt(), state.toString());
            assertEquals(4, state.at("/counts/done").asInt(), state.toString());
            JsonNode rows = DashboardLiveTest.get(http, base + "/api/latents?sort=detection.f1&order=desc");
            assertEquals(3, rows.get("total").asInt(), "the built latents: " + rows);
            DashboardLiveTest.assertDetailMatchesFiles(http, base, folder, "layers.2_latent0");
            assertEquals(1, DashboardLiveTest.get(http, base + "/api/latents?q=%22%20the%22").get("total").asInt(),
                "search finds the explanation naming \" the\"");
        }
    }

    @Test
    void aDelphiFolderWithHostileTextIsShownAsText() throws Exception {
        Path delphi = dir.resolve("delphi");
        // delphi's layout: explanations/<latent>.txt (a JSON string) and scores/<scorer>/<latent>.txt
        ScoreFiles.write(delphi.resolve("scores/fuzz/layers.0_latent3.txt"), List.of(
            new ScoreSample(List.of("The", " cat", DashboardSecurityTest.HOSTILE), new float[] {0, 4, 2}, 1, true,
                true, null, true),
            new ScoreSample(List.of("No", " dog"), new float[2], -1, false, true, null, false)));
        Files.createDirectories(delphi.resolve("explanations"));
        Files.writeString(delphi.resolve("explanations/layers.0_latent3.txt"),
            new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(DashboardSecurityTest.HOSTILE));
        try (ServeCommand.Running s = ServeCommandHarness.start(delphi);
             Browser browser = Browser.start(dir.resolve("chromium"))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + s.server().port();
            JsonNode rows = DashboardLiveTest.get(http, base + "/api/latents");
            assertEquals(1, rows.get("total").asInt());
            assertEquals("scored", rows.at("/latents/0/status").asText());
            assertEquals(DashboardSecurityTest.HOSTILE, rows.at("/latents/0/explanation").asText());
            Browser.Page page = browser.open(base + "/#latent=layers.0_latent3");
            Await.until("the latent view", () -> "layers.0_latent3".equals(
                page.eval("document.body.dataset.latentShown || ''").asText()), Duration.ofSeconds(60));
            Await.until("the table", () -> page.eval("+(document.body.dataset.rows || 0)").asInt() == 1,
                Duration.ofSeconds(60));
            assertTrue(page.eval("document.querySelectorAll('#latent-view span.tok[style]').length").asInt() >= 2,
                "activating tokens highlighted by strength");
            assertEquals(1, page.eval("document.querySelectorAll('#latent-view .prediction.wrong').length").asInt(),
                "the wrong prediction is marked");
            assertTrue(page.eval("document.getElementById('latent-view').textContent")
                .asText().contains("onerror=\"window.__pwned=1\""), "hostile text shown as text");
            assertTrue(page.eval("typeof window.__pwned").asText().equals("undefined"), "and never run");
            assertEquals(List.of(), page.errors());
            Files.createDirectories(DashboardLiveTest.SCREENSHOTS);
            Files.write(DashboardLiveTest.SCREENSHOTS.resolve("latent-view.png"), page.screenshot());
        }
    }

    /** Starts {@code augur serve RUN --port 0} as the command does, without blocking. */
    static final class ServeCommandHarness {
        static ServeCommand.Running start(Path run) {
            ServeCommand c = new ServeCommand();
            new picocli.CommandLine(c).parseArgs(run.toString(), "--port", "0");
            return c.start();
        }
    }
}

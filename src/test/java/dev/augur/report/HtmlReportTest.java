package dev.augur.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.metrics.RunMetrics;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    /** detection: accuracy histogram, ROC, accuracy per quantile, firing rate vs F1; embedding: AUC histogram, ROC. */
    private static final int EXPECTED_CHARTS = 6;
    private static final String NASTY = "<script>alert('x')</script>";

    @TempDir
    Path tmp;

    private static ScoreSample sample(List<String> tokens, float[] acts, int q, boolean activating,
                                      Boolean prediction, Double probability) {
        return new ScoreSample(tokens, acts, activating ? q : -1, activating, prediction, probability,
            prediction == null ? null : prediction == activating);
    }

    private Path buildRun() throws Exception {
        Path run = tmp.resolve("run");
        Path det = run.resolve("scores/detection");
        List<String> toks = List.of("The", " cat", " &", " \"dog\"", "\n", NASTY, " sat");
        ScoreFiles.write(det.resolve("layers.0.mlp_latent3.txt"), List.of(
            sample(toks, new float[] {0, 4, 0, 1, 0, 2, 0}, 1, true, true, 0.9),
            sample(List.of("A", " cat", " ran"), new float[] {0, 9, 3}, 1, true, true, 0.8),
            sample(List.of("Big", " cats", "!"), new float[] {1, 6, 0}, 2, true, false, 0.4),
            sample(List.of("No", " match", " here"), new float[3], 0, false, false, 0.2),
            sample(List.of("Also", " nothing"), new float[2], 0, false, true, 0.6)));
        ScoreFiles.write(det.resolve("layers.0.mlp_latent7.txt"), List.of(
            sample(List.of("x", " < y"), new float[] {0, 2}, 1, true, true, 0.7),
            sample(List.of("a", " > b"), new float[] {0, 1}, 2, true, false, 0.3),
            sample(List.of("plain", " text"), new float[2], 0, false, false, 0.1)));
        ScoreFiles.write(run.resolve("scores/embedding/layers.0.mlp_latent3.txt"), List.of(
            sample(List.of("A", " cat"), new float[] {0, 5}, 1, true, null, 0.9),
            sample(List.of("dog"), new float[] {0}, 0, false, null, 0.35),
            sample(List.of("cow"), new float[] {0}, 0, false, null, 0.1)));
        Files.writeString(run.resolve("latents.jsonl"),
            "{\"module\": \"layers.0.mlp\", \"index\": 3, \"n_activations\": 1200}\n"
                + "{\"module\": \"layers.0.mlp\", \"index\": 7, \"n_activations\": 15}\n");
        Files.createDirectories(run.resolve("explanations"));
        Files.writeString(run.resolve("explanations/layers.0.mlp_latent3.txt"),
            "\"<b>cats</b> & \\\"felines\\\"\"");
        return run;
    }

    @Test
    void pageIsSelfContainedAndEscaped() throws Exception {
        Path run = buildRun();
        Path page = HtmlReport.write(RunMetrics.compute(run));
        assertEquals(run.resolve("report/index.html"), page);
        String html = Files.readString(page);
        assertFalse(html.contains("<link") || html.contains(" src=") || html.contains("@import"), "fetches nothing");
        assertFalse(html.contains("https://"), "no external URL");
        assertFalse(html.contains(NASTY), "token text must be escaped");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), html);
        assertTrue(html.contains("&lt;b&gt;cats&lt;/b&gt; &amp; &quot;felines&quot;"), html);
        assertTrue(html.contains("no explanation"), "latent7 has no explanation file");
        assertTrue(html.contains("<td class=\"name\">detection</td><td>2</td>"), html);
        // the strongest example (max 9) comes first, and tokens are shaded relative to their example's max
        assertTrue(html.indexOf(" ran</span>") < html.indexOf(" sat</span>"), html);
        assertTrue(html.contains("rgba(255, 140, 0, 1.000)\" title=\"9.000\"> cat</span>"), html);
        assertTrue(html.contains("rgba(255, 140, 0, 0.250)\" title=\"1.000\"> &quot;dog&quot;</span>"), html);
    }

    @Test
    void rocCurveStepsThroughTies() {
        List<double[]> pts = ChartData.roc(List.of(new double[] {0.9, 1}, new double[] {0.5, 1},
            new double[] {0.5, 0}, new double[] {0.1, 0}));
        assertNotNull(pts);
        assertEquals(4, pts.size());
        assertEquals(0.5, pts.get(1)[1]);
        assertEquals(0.5, pts.get(2)[0]);
        assertEquals(1.0, pts.get(2)[1]);
        assertEquals(null, ChartData.roc(List.of(new double[] {0.3, 1})));
    }

    @Test
    void chromiumDrawsEveryChartWithoutErrors() throws Exception {
        Path run = buildRun();
        Path page = HtmlReport.write(RunMetrics.compute(run));
        Chromium.Result dom = Chromium.run(tmp.resolve("chrome-dom"), page, "--dump-dom");
        assertEquals(List.of(), dom.consoleErrors(), dom.stderr());
        Matcher m = Pattern.compile("data-charts=\"(\\d+)\"").matcher(dom.stdout());
        assertTrue(m.find(), "the script did not set data-charts:\n" + dom.stderr());
        assertEquals(EXPECTED_CHARTS, Integer.parseInt(m.group(1)));
        assertEquals(EXPECTED_CHARTS, dom.stdout().split("<svg ", -1).length - 1, "one <svg> per chart");
        assertTrue(dom.stdout().contains("<polyline class=\"line\""), "ROC curve drawn");
        assertTrue(dom.stdout().contains("<circle class=\"dot\""), "scatter drawn");
        assertFalse(dom.stdout().contains("<b>cats</b>"), "explanation escaped in the DOM");

        Path png = tmp.resolve("report.png");
        Chromium.Result shot = Chromium.run(tmp.resolve("chrome-shot"), page,
            "--screenshot=" + png, "--window-size=1280,2400");
        assertEquals(List.of(), shot.consoleErrors(), shot.stderr());
        assertTrue(Files.isRegularFile(png), "no screenshot:\n" + shot.stderr());
        assertTrue(Files.size(png) > 10_000, "screenshot too small: " + Files.size(png) + " bytes");
        String keep = System.getProperty("augur.report.screenshot");
        if (keep != null) {
            Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The error check is not vacuous: a page whose script throws is caught. */
    @Test
    void chromiumReportsScriptErrors() throws Exception {
        Path page = tmp.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>");
        Chromium.Result r = Chromium.run(tmp.resolve("chrome-broken"), page, "--dump-dom");
        assertFalse(r.consoleErrors().isEmpty(), r.stderr());
    }
}

package dev.augur.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.io.AtomicFiles;
import dev.augur.metrics.Accuracy;
import dev.augur.metrics.LatentMetrics;
import dev.augur.metrics.LatentName;
import dev.augur.metrics.RunInfo;
import dev.augur.metrics.RunMetrics;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.metrics.ScorerMetrics;
import dev.augur.runfolder.RunLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code <run>/report/index.html}: a self-contained page (inline CSS, JS and SVG; nothing fetched)
 * with the metrics table, per-scorer charts drawn by the inline script, and per-latent
 * explanations beside their top activating examples. The script sets
 * {@code document.body.dataset.charts} to the number of charts it drew.
 */
public final class HtmlReport {
    /** Latents shown in the per-latent section; the rest are counted, not shown, to bound the page. */
    static final int MAX_LATENTS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlReport() {
    }

    /** {@code <run>/report/index.html}. */
    public static Path file(RunMetrics m) {
        return new RunLayout(m.run()).report().resolve("index.html");
    }

    /** Renders the page (re-reading the score files for the ROC curves and examples) and writes it atomically. */
    public static Path write(RunMetrics m) {
        Path out = file(m);
        try {
            AtomicFiles.write(out, render(m).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    public static String render(RunMetrics m) {
        List<Object> charts = new ArrayList<>();
        Map<LatentName, String> exampleScorer = new TreeMap<>();
        Map<LatentName, List<ScoreSample>> examples = new TreeMap<>();
        for (ScorerMetrics s : m.scorers().values()) {
            List<double[]> pooled = new ArrayList<>();
            for (LatentMetrics l : s.latents()) {
                Path f = new RunLayout(m.run()).scoreFile(s.scorer(), l.latent().fileStem());
                List<ScoreSample> samples = ScoreFiles.read(f);
                ChartData.pool(pooled, samples);
                if (!exampleScorer.containsKey(l.latent()) && examples.size() < MAX_LATENTS) {
                    exampleScorer.put(l.latent(), s.scorer());
                    examples.put(l.latent(), LatentSection.topExamples(samples));
                }
            }
            charts.add(ChartData.of(s, pooled, m.info().nActivations()));
        }
        String data;
        try {
            data = JSON.writeValueAsString(Map.of("scorers", charts));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }

        StringBuilder b = new StringBuilder(1 << 16);
        b.append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Augur report</title>
            <style>
            """).append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        b.append("<h1>Augur report</h1>\n<div class=\"muted\">Run: ").append(Html.esc(m.run().toString()))
            .append("</div>\n");
        appendCounts(b, m.info());
        appendTable(b, m);
        appendUsage(b, m.usage());
        b.append("<h2>Charts</h2>\n");
        int i = 0;
        for (ScorerMetrics s : m.scorers().values()) {
            b.append("<h3>").append(Html.esc(s.scorer())).append("</h3>\n<div class=\"charts\" id=\"charts-")
                .append(i++).append("\"></div>\n");
        }
        b.append("<h2>Latents</h2>\n");
        int total = (int) m.scorers().values().stream().flatMap(s -> s.latents().stream())
            .map(LatentMetrics::latent).distinct().count();
        if (total > examples.size()) {
            b.append("<p class=\"muted\">Showing ").append(examples.size()).append(" of ").append(total)
                .append(" latents.</p>\n");
        }
        examples.forEach((latent, ex) ->
            LatentSection.append(b, m.run(), latent, m.scorers(), exampleScorer.get(latent), ex));
        b.append("<script type=\"application/json\" id=\"report-data\">").append(Html.scriptSafeJson(data))
            .append("</script>\n<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /** LLM usage from the completion records: totals by stage, tokens per latent, the most expensive. */
    private static void appendUsage(StringBuilder b, dev.augur.metrics.RunUsage u) {
        if (u.isEmpty()) {
            return;
        }
        b.append("<h2>LLM usage</h2>\n<table id=\"usage\">\n<tr><th>stage</th><th>requests</th>"
            + "<th>prompt tokens</th><th>completion tokens</th>" + (u.priced() ? "<th>cost USD</th>" : "") + "</tr>\n");
        long[] total = new long[3];
        u.byStage().forEach((stage, v) -> {
            usageRow(b, stage, v, u);
            for (int i = 0; i < 3; i++) {
                total[i] += v[i];
            }
        });
        usageRow(b, "total", total, u);
        b.append("</table>\n<p>Tokens per latent (").append(u.perLatent().size()).append(" latents): min ")
            .append(u.quantile(0)).append(", median ").append(u.quantile(0.5)).append(", 90th percentile ")
            .append(u.quantile(0.9)).append(", max ").append(u.quantile(1));
        if (u.estimatedLatents() > 0) {
            b.append("; ").append(u.estimatedLatents()).append(" latents with usage estimated (the server sent none)");
        }
        b.append(".</p>\n<table id=\"expensive\">\n<tr><th>most expensive latents</th><th>tokens</th></tr>\n");
        u.perLatent().stream().limit(dev.augur.metrics.RunUsage.TOP).forEach(e -> b.append("<tr><td>")
            .append(Html.esc(e.getKey())).append("</td><td>").append(e.getValue()).append("</td></tr>\n"));
        b.append("</table>\n");
    }

    private static void usageRow(StringBuilder b, String stage, long[] v, dev.augur.metrics.RunUsage u) {
        b.append("<tr><td>").append(Html.esc(stage)).append("</td><td>").append(v[0]).append("</td><td>")
            .append(v[1]).append("</td><td>").append(v[2]).append("</td>");
        if (u.priced()) {
            b.append("<td>").append(String.format(java.util.Locale.ROOT, "%.4f", u.cost(v))).append("</td>");
        }
        b.append("</tr>\n");
    }

    private static void appendCounts(StringBuilder b, RunInfo info) {
        b.append("<p>Latents: selected ").append(Html.na(info.selected()))
            .append(", dead ").append(Html.na(info.dead()))
            .append(", too rare ").append(Html.na(info.tooRare()))
            .append(", no train examples ").append(Html.na(info.noTrainExamples()))
            .append(", built ").append(Html.na(info.built()))
            .append(", explained ").append(Html.na(info.explained())).append("</p>\n");
    }

    /**
     * One row per scorer, as the text table: classification figures are "-" for score-only
     * scorers, whose failed count is that of samples without a score.
     */
    private static void appendTable(StringBuilder b, RunMetrics m) {
        b.append("""
            <h2>Metrics</h2>
            <table id="metrics">
            <tr><th class="name">scorer</th><th>latents</th><th>F1</th><th>bal. acc.</th><th>precision</th>\
            <th>recall</th><th>AUC</th><th>failed</th><th>freq.-weighted F1</th><th>accuracy per quantile</th>\
            <th>non-activating</th></tr>
            """);
        for (ScorerMetrics s : m.scorers().values()) {
            boolean cls = !s.scoreOnly();
            StringBuilder q = new StringBuilder();
            s.perQuantile().forEach((k, a) -> q.append("q").append(k).append(' ').append(acc(a)).append("<br>"));
            String[] cells = {
                Integer.toString(s.latents().size()),
                cls ? Html.num(s.confusion().f1()) : "-",
                cls ? Html.num(s.confusion().balancedAccuracy()) : "-",
                cls ? Html.num(s.confusion().precision()) : "-",
                cls ? Html.num(s.confusion().recall()) : "-",
                Html.num(s.auc()),
                Long.toString(cls ? s.confusion().failed() : s.unscored()),
                cls ? Html.num(s.frequencyWeightedF1()) : "-",
                cls ? q.toString() : "-",
                cls ? acc(s.nonActivating()) : "-",
            };
            b.append("<tr><td class=\"name\">").append(Html.esc(s.scorer())).append("</td>");
            for (String c : cells) {
                b.append("<td>").append(c).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</table>\n");
        for (ScorerMetrics s : m.scorers().values()) {
            if (s.mean().scoreMeans() != null) {
                b.append("<p class=\"means\">").append(Html.esc(s.scorer()))
                    .append(LatentSection.means(s.scorer(), s.mean().scoreMeans()).replaceFirst("^, ", ": "))
                    .append(", mean over ").append(s.mean().latentsWithScoreMeans()).append(" latents</p>\n");
            }
        }
    }

    private static String acc(Accuracy a) {
        return Html.num(a.accuracy()) + " (n=" + a.count() + ")";
    }

    /** A text resource of this package (the report's stylesheet, shared with the dashboard). */
    static String resourceText(String name) {
        return resource(name);
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/augur/report/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

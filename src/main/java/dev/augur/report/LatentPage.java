package dev.augur.report;

import dev.augur.metrics.LatentMetrics;
import dev.augur.metrics.LatentName;
import dev.augur.metrics.ScoreFiles;
import dev.augur.metrics.ScoreSample;
import dev.augur.runfolder.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One latent as an HTML fragment for the live dashboard: the static report's block (explanation
 * beside its top activating examples, tokens highlighted by strength), then each scorer's
 * samples with the prediction marked right or wrong. Every text from the run is escaped here.
 */
public final class LatentPage {
    private LatentPage() {
    }

    /** The fragment, or null when the run folder holds nothing for this latent. */
    public static String fragment(Path run, String latentName, List<String> scorers) {
        RunLayout layout = new RunLayout(run);
        LatentName latent;
        try {
            latent = LatentName.parse(latentName);
        } catch (RuntimeException e) {
            latent = new LatentName(latentName, 0);
        }
        Map<String, List<ScoreSample>> samples = new LinkedHashMap<>();
        for (String s : scorers) {
            Path f = layout.scoreFile(s, latentName);
            if (Files.isRegularFile(f)) {
                samples.put(s, ScoreFiles.read(f));
            }
        }
        Path explanation = layout.explanations().resolve(latentName + ".txt");
        if (samples.isEmpty() && !Files.isRegularFile(explanation)) {
            return null;
        }
        Map<String, LatentMetrics> metrics = new LinkedHashMap<>();
        String exampleScorer = null;
        List<ScoreSample> top = List.of();
        for (Map.Entry<String, List<ScoreSample>> e : samples.entrySet()) {
            LatentMetrics m = LatentMetrics.of(latent, e.getValue());
            metrics.put(e.getKey(), m);
            if (exampleScorer == null) {
                exampleScorer = e.getKey();
                top = LatentSection.topExamples(e.getValue());
            }
        }
        StringBuilder b = new StringBuilder(8192);
        LatentSection.appendBlock(b, latentName, LatentSection.explanation(explanation), metrics, exampleScorer, top);
        for (Map.Entry<String, List<ScoreSample>> e : samples.entrySet()) {
            b.append("<h3>").append(Html.esc(e.getKey())).append("</h3>\n<div class=\"predictions\">");
            for (ScoreSample s : e.getValue()) {
                if (s.prediction() == null && s.probability() != null) {
                    appendScored(b, s); // a score-only scorer's sample: a score, not a failed prediction
                    continue;
                }
                String mark = s.correct() == null ? "failed" : s.correct() ? "right" : "wrong";
                b.append("<div class=\"prediction ").append(mark).append("\"><span class=\"mark\">")
                    .append(s.correct() == null ? "?" : s.correct() ? "\u2713" : "\u2717").append("</span> ")
                    .append(s.activating() ? "activating" : "non-activating").append(", predicted ")
                    .append(s.prediction() == null ? "nothing" : s.prediction() ? "yes" : "no");
                if (s.probability() != null) {
                    b.append(" (p ").append(Html.num(s.probability())).append(')');
                }
                b.append(' ');
                LatentSection.appendExample(b, s);
                b.append("</div>\n");
            }
            b.append("</div>\n");
        }
        return b.toString();
    }

    private static void appendScored(StringBuilder b, ScoreSample s) {
        b.append("<div class=\"prediction scored\"><span class=\"mark\">\u00b7</span> ")
            .append(s.activating() ? "activating" : "non-activating").append(", score ")
            .append(Html.num(s.probability())).append(' ');
        LatentSection.appendExample(b, s);
        b.append("</div>\n");
    }

    /** The report's stylesheet, for pages that show these fragments. */
    public static String css() {
        return HtmlReport.resourceText("report.css");
    }

}

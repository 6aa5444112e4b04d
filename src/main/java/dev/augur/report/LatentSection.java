package dev.augur.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.augur.io.Utf8Text;
import dev.augur.metrics.LatentMetrics;
import dev.augur.metrics.LatentName;
import dev.augur.metrics.ScoreMeans;
import dev.augur.metrics.ScoreOnlyScorers;
import dev.augur.metrics.ScoreSample;
import dev.augur.metrics.ScorerMetrics;
import dev.augur.runfolder.RunLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The per-latent part of the page: explanation beside the top activating examples. */
final class LatentSection {
    static final int TOP_EXAMPLES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatentSection() {
    }

    /** Up to {@link #TOP_EXAMPLES} activating samples, largest maximum activation first. */
    static List<ScoreSample> topExamples(List<ScoreSample> samples) {
        return samples.stream().filter(ScoreSample::activating)
            .sorted(Comparator.comparingDouble(LatentSection::max).reversed())
            .limit(TOP_EXAMPLES).toList();
    }

    static double max(ScoreSample s) {
        double m = Double.NEGATIVE_INFINITY;
        for (float a : s.activations()) {
            m = Math.max(m, a);
        }
        return m;
    }

    /** {@code <run>/explanations/<latent>.txt} holds a JSON string; null when missing. */
    static String explanation(Path run, LatentName latent) {
        return explanation(new RunLayout(run).explanations().resolve(latent.fileStem() + ".txt"));
    }

    /** An explanation file's text (a JSON string, or plain text), null when missing. */
    static String explanation(Path f) {
        if (!Files.isRegularFile(f)) {
            return null;
        }
        String raw;
        try {
            raw = Utf8Text.read(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            JsonNode n = JSON.readTree(raw);
            return n == null ? raw.strip() : n.isTextual() ? n.asText() : n.toString();
        } catch (IOException e) {
            return raw.strip(); // not JSON: show the text as it is
        }
    }

    /** One latent's block: its name and scores, the explanation, its top examples. */
    static void append(StringBuilder b, Path run, LatentName latent, Map<String, ScorerMetrics> scorers,
                       String exampleScorer, List<ScoreSample> examples) {
        Map<String, LatentMetrics> own = new LinkedHashMap<>();
        scorers.forEach((name, s) -> {
            for (LatentMetrics l : s.latents()) {
                if (l.latent().equals(latent)) {
                    own.put(name, l);
                }
            }
        });
        appendBlock(b, latent.fileStem(), explanation(run, latent), own, exampleScorer, examples);
    }

    /** ", delta_plus 0.4, delta_minus -1" (example_embedding) or the generic mean scores; "" without. */
    static String means(String scorer, ScoreMeans m) {
        if (m == null) {
            return "";
        }
        String[] label = ScoreMeans.labels(scorer);
        return ", " + label[0] + " " + Html.num(m.activating()) + ", " + label[1] + " " + Html.num(m.nonActivating());
    }

    /** The block of a latent named {@code stem}, with each scorer's metrics of it. */
    static void appendBlock(StringBuilder b, String stem, String explanation, Map<String, LatentMetrics> scores,
                            String exampleScorer, List<ScoreSample> examples) {
        b.append("<div class=\"latent\" id=\"").append(Html.esc(stem)).append("\">\n");
        b.append("<div class=\"head\">").append(Html.esc(stem)).append("<span class=\"scores\">");
        scores.forEach((name, l) -> b.append(Html.esc(name)).append(l.scoreOnly() || ScoreOnlyScorers.named(name)
            ? ": AUC " + Html.num(l.auc()) + means(name, l.scoreMeans())
            : ": F1 " + Html.num(l.f1()) + ", acc " + Html.num(l.accuracy())).append("; "));
        b.append("</span></div>\n<div class=\"body\">\n<div class=\"explanation\">");
        b.append(explanation == null ? "<span class=\"muted\">no explanation</span>" : Html.esc(explanation));
        b.append("</div>\n<div class=\"examples\">");
        if (examples.isEmpty()) {
            b.append("<span class=\"muted\">no activating examples</span>");
        } else {
            b.append("<div class=\"muted\">top activating examples (from ").append(Html.esc(exampleScorer))
                .append(")</div>\n");
            for (ScoreSample s : examples) {
                appendExample(b, s);
            }
        }
        b.append("</div>\n</div>\n</div>\n");
    }

    /** Tokens as spans whose background alpha is the activation over the example's maximum. */
    static void appendExample(StringBuilder b, ScoreSample s) {
        double max = max(s);
        b.append("<div class=\"example\">");
        List<String> tokens = s.strTokens();
        for (int i = 0; i < tokens.size(); i++) {
            double a = i < s.activations().length ? s.activations()[i] : 0;
            double alpha = max > 0 && a > 0 ? Math.min(1, a / max) : 0;
            b.append("<span class=\"tok\"");
            if (alpha > 0) {
                b.append(String.format(Locale.ROOT,
                    " style=\"background-color: rgba(255, 140, 0, %.3f)\" title=\"%.4g\"", alpha, a));
            }
            b.append('>').append(Html.esc(tokens.get(i))).append("</span>");
        }
        b.append("</div>\n");
    }
}

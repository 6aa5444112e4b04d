package dev.augur.cli;

import dev.augur.metrics.Accuracy;
import dev.augur.metrics.RunInfo;
import dev.augur.metrics.RunMetrics;
import dev.augur.metrics.ScoreMeans;
import dev.augur.metrics.ScorerMetrics;
import dev.augur.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code augur report}: the metrics of a run's score files (SPEC 8), as a table and as JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Compute the metrics of a run (Augur's or delphi's) from its scores/ folder, "
        + "print them and write <run>/report/metrics.json and <run>/report/index.html.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "the run folder (holds scores/<scorer>/)")
    Path run;

    @Option(names = "--json", description = "print the metrics JSON instead of the table (default: off)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RunMetrics m = RunMetrics.compute(run);
        m.writeJson();
        Path html = HtmlReport.write(m);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(m.toJsonString());
        } else {
            printTable(w, m);
            w.println();
            w.println("Metrics written to " + m.jsonFile());
            w.println("HTML report written to " + html);
        }
        w.flush();
        return 0;
    }

    /** One row per scorer; F1 and friends come from the summed confusion counts, AUC from all samples. */
    static void printTable(PrintWriter w, RunMetrics m) {
        RunInfo info = m.info();
        w.println("Run: " + m.run());
        w.println("Latents: selected " + na(info.selected()) + ", dead " + na(info.dead())
            + ", too rare " + na(info.tooRare()) + ", no train examples " + na(info.noTrainExamples())
            + ", built " + na(info.built())
            + ", explained " + na(info.explained()));
        w.println();
        int width = Math.max("scorer".length(),
            m.scorers().keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s %7s %7s %8s %9s %7s %7s %7s %8s%n";
        w.printf(Locale.ROOT, row, "scorer", "latents", "F1", "bal.acc", "precision",
            "recall", "AUC", "failed", "fw-F1");
        for (ScorerMetrics s : m.scorers().values()) {
            boolean cls = !s.scoreOnly(); // embedding, surprisal: only the AUC means something; failed = unscored
            w.printf(Locale.ROOT, row, s.scorer(), s.latents().size(),
                cls ? num(s.confusion().f1()) : "-", cls ? num(s.confusion().balancedAccuracy()) : "-",
                cls ? num(s.confusion().precision()) : "-", cls ? num(s.confusion().recall()) : "-",
                num(s.auc()), Long.toString(cls ? s.confusion().failed() : s.unscored()),
                cls ? num(s.frequencyWeightedF1()) : "-");
        }
        for (ScorerMetrics s : m.scorers().values()) {
            if (s.mean().latentsWithCorrelation() > 0) {
                w.printf(Locale.ROOT, "%s: correlation of simulated and true activations, mean over "
                    + "%d latents: %s%n", s.scorer(), s.mean().latentsWithCorrelation(),
                    num(s.mean().simulationCorrelation()));
            }
        }
        for (ScorerMetrics s : m.scorers().values()) {
            ScoreMeans means = s.mean().scoreMeans();
            if (means != null) { // score-only scorers; example_embedding: delphi's delta_plus, delta_minus
                String[] label = ScoreMeans.labels(s.scorer());
                w.printf(Locale.ROOT, "%s: %s %s, %s %s, mean over %d latents%n", s.scorer(), label[0],
                    num(means.activating()), label[1], num(means.nonActivating()), s.mean().latentsWithScoreMeans());
            }
        }
        w.println();
        m.unreadable().forEach((scorer, why) -> w.println("(left out: scores/" + scorer + " - " + why + ")"));
        w.println("Accuracy by quantile (activating) and on non-activating samples:");
        for (ScorerMetrics s : m.scorers().values()) {
            if (s.scoreOnly()) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-" + width + "s", s.scorer()));
            for (Map.Entry<Integer, Accuracy> q : s.perQuantile().entrySet()) {
                line.append("  q").append(q.getKey()).append(' ').append(acc(q.getValue()));
            }
            line.append("  | non-activating ").append(acc(s.nonActivating()));
            w.println(line);
        }
    }

    private static String acc(Accuracy a) {
        return num(a.accuracy()) + " (n=" + a.count() + ")";
    }

    private static String num(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String na(Number v) {
        return v == null ? "n/a" : v.toString();
    }
}

package dev.augur.cli;

import dev.augur.metrics.RunMetrics;
import dev.augur.metrics.ScorerMetrics;
import java.io.PrintWriter;
import java.util.Locale;

/** The demo's verdict: true explanations against the random control, headline (AUC) first. */
final class DemoComparison {
    private DemoComparison() {
    }

    static void print(PrintWriter w, RunMetrics real, RunMetrics control) {
        w.println();
        w.println("Demo: the same latents scored with their true explanations and with another "
            + "latent's explanation (the control).");
        for (String scorer : real.scorers().keySet()) {
            ScorerMetrics r = real.scorers().get(scorer);
            ScorerMetrics c = control == null ? null : control.scorers().get(scorer);
            w.printf(Locale.ROOT, "%n%-32s %8s %8s %8s %8s   (%s)%n", "", "AUC", "F1", "bal.acc",
                "latents", scorer);
            row(w, "true explanations", r);
            row(w, "control (random explanations)", c);
        }
        w.flush();
    }

    private static void row(PrintWriter w, String label, ScorerMetrics m) {
        if (m == null) {
            w.printf(Locale.ROOT, "%-32s %8s%n", label, "n/a");
            return;
        }
        boolean cls = !m.scoreOnly();
        w.printf(Locale.ROOT, "%-32s %8s %8s %8s %8d%n", label,
            m.mean().auc() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", m.mean().auc()),
            cls ? String.format(Locale.ROOT, "%.3f", m.confusion().f1()) : "-",
            cls ? String.format(Locale.ROOT, "%.3f", m.confusion().balancedAccuracy()) : "-",
            m.latents().size());
    }
}

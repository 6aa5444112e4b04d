package dev.augur.pipeline;

import dev.augur.run.StageUsage;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a run would cost, by stage ("explainer", then each scorer): requests, prompt tokens and
 * expected completion tokens, as {@link LocalEstimate} counted them; priced when prices are known.
 *
 * @param latents latents that would be explained and scored
 */
public record CostEstimate(long latents, Map<String, StageUsage> byStage) {
    /** USD per million input (prompt) and output (completion) tokens; NaN when unknown. */
    public record Prices(double input, double output) {
        public static final Prices UNKNOWN = new Prices(Double.NaN, Double.NaN);

        public boolean known() {
            return !Double.isNaN(input) && !Double.isNaN(output);
        }

        public double cost(StageUsage u) {
            return cost(u.promptTokens(), u.completionTokens());
        }

        public double cost(long promptTokens, long completionTokens) {
            return (promptTokens * input + completionTokens * output) / 1_000_000.0;
        }
    }

    public CostEstimate {
        byStage = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byStage));
    }

    public StageUsage total() {
        return byStage.values().stream().reduce(StageUsage.NONE, StageUsage::plus);
    }

    /** The table {@code augur run --estimate} prints. */
    public void print(PrintWriter out, Prices prices) {
        out.printf(Locale.ROOT, "estimate: %d latents to explain and score; nothing was sent or written%n", latents);
        String head = String.format(Locale.ROOT, "%-12s %10s %15s %18s", "stage", "requests", "prompt tokens",
            "completion tokens");
        out.println(prices.known() ? head + String.format(Locale.ROOT, " %12s", "cost USD") : head);
        byStage.forEach((stage, u) -> row(out, stage, u, prices));
        row(out, "total", total(), prices);
        if (!prices.known()) {
            out.println("cost: pass --price-input and --price-output (USD per million tokens) to price it");
        }
        out.printf(Locale.ROOT, "completion tokens assume typical answers (an explanation of %d words)%n",
            TypicalAnswers.PLACEHOLDER_EXPLANATION.split(" ").length);
        out.flush();
    }

    private static void row(PrintWriter out, String stage, StageUsage u, Prices prices) {
        String line = String.format(Locale.ROOT, "%-12s %10d %15d %18d", stage, u.requests(), u.promptTokens(),
            u.completionTokens());
        out.println(prices.known() ? line + String.format(Locale.ROOT, " %12.4f", prices.cost(u)) : line);
    }
}

package dev.augur.cli;

import dev.augur.llm.LlmUsage;
import dev.augur.pipeline.LocalRun;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;
import dev.augur.run.RunFiles;
import dev.augur.runfolder.RunLayout;
import java.io.PrintWriter;

/** What {@code augur run} prints when a run ends: the metrics table, where the files are, LLM usage, latent counts. */
final class RunSummary {
    private RunSummary() {
    }

    /** The run's table (metrics of the whole run folder, resumed work included), and where files went. */
    static void print(LocalRun.Outcome outcome, LlmUsage usage, dev.augur.pipeline.CostEstimate.Prices prices,
                      PrintWriter out, PrintWriter err) {
        RunFiles files = outcome.files();
        files.problems().stream().limit(20).forEach(p -> err.println("augur: " + p));
        RunLayout layout = files.layout();
        if (outcome.metrics() != null) {
            ReportCommand.printTable(out, outcome.metrics());
        }
        out.printf("results: %s (explanations/, scores/, report/index.html, report/metrics.json, "
            + "report/usage.json)%n",
            layout.dir());
        if (usage != null) {
            out.printf("LLM: %d requests, %d retries, %d failed requests, %d prompt + %d completion "
                + "tokens%s%n", usage.requests(), usage.retries(), usage.failures(),
                usage.promptTokens(), usage.completionTokens(), prices.known() ? String.format(java.util.Locale.ROOT,
                    ", $%.4f at the given prices", prices.cost(usage.promptTokens(), usage.completionTokens())) : "");
            if (usage.cacheHits() + usage.cacheMisses() > 0) {
                out.printf("LLM cache: %d answers from the cache (%d prompt + %d completion tokens not "
                    + "paid again), %d asked of the server%n", usage.cacheHits(), usage.cachePromptTokens(),
                    usage.cacheCompletionTokens(), usage.cacheMisses());
            }
            if (usage.endpoints().size() > 1) {
                usage.endpoints().forEach(e -> out.printf("LLM endpoint %s: %d requests, %d failed, "
                    + "out of rotation %d time(s)%n", e.baseUrl(), e.requests(), e.failures(), e.circuitOpenings()));
            }
        }
        RecordStats built = files.recordStats();
        out.printf("latents: %d scored, %d already done, %d without explanation, %d failed; skipped: "
            + "%d below min_examples, %d with no train examples%n",
            files.count(LatentResult.Status.SCORED), files.count(LatentResult.Status.ALREADY_DONE),
            files.count(LatentResult.Status.NO_EXPLANATION), files.count(LatentResult.Status.FAILED),
            built.tooRare(), built.noTrainExamples());
        out.flush();
        err.flush();
    }
}

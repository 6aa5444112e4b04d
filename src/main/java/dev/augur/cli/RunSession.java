package dev.augur.cli;

import dev.augur.config.RunPlan;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmClients;
import dev.augur.llm.LlmUsage;
import dev.augur.pipeline.LocalRun;
import dev.augur.pipeline.RunObserver;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;
import dev.augur.run.Progress;
import dev.augur.serve.DashboardServer;
import dev.augur.serve.RunState;
import dev.augur.serve.ServeSettings;
import io.vertx.core.Vertx;
import java.io.PrintWriter;

/**
 * One {@code augur run} in this process, from its plan to its end: the Vert.x instance and the
 * LLM client it owns, the progress line, the dashboard when asked for, the run itself
 * ({@link LocalRun}), then everything closed. The command decides what to run and prints the
 * result ({@link RunSummary}).
 */
final class RunSession {
    /** What the run left and the LLM usage of its client (null without one). */
    record Result(LocalRun.Outcome outcome, LlmUsage usage) {
    }

    private RunSession() {
    }

    /**
     * @param selected the latents the plan selects (for the progress line and the dashboard)
     * @param serving the dashboard's settings, or null for none
     * @param prices what the dashboard prices the usage at ({@code Prices.UNKNOWN}: no cost shown)
     */
    static Result run(RunPlan plan, long selected, ServeSettings serving, dev.augur.pipeline.CostEstimate.Prices prices,
                      PrintWriter err) {
        Vertx vertx = Vertx.vertx();
        LlmClient client = plan.llm() == null ? null : LlmClients.fromEnvironment(vertx, plan.llm());
        RunState live = new RunState(plan.layout().dir(), System::currentTimeMillis).selected(selected)
            .usage(() -> client == null ? null : client.usage()).prices(prices.input(), prices.output());
        LocalRun.Outcome outcome;
        try (Progress progress = Progress.toStderr()) {
            if (serving != null) {
                err.println("augur: dashboard " + DashboardServer.start(vertx, live, serving).await().url());
                err.flush();
            }
            progress.extra(() -> usageLine(client == null ? null : client.usage(), prices));
            progress.stage("explaining and scoring");
            progress.total(selected);
            outcome = LocalRun.run(vertx, plan, client, watching(live, progress));
        } finally {
            if (client != null) {
                client.close();
            }
            vertx.close().await();
        }
        return new Result(outcome, client == null ? null : client.usage());
    }

    /** "LLM 1,234,567 tokens, $0.4200" for the progress line (the cost when prices are given); null without LLM. */
    static String usageLine(LlmUsage u, dev.augur.pipeline.CostEstimate.Prices prices) {
        if (u == null) {
            return null;
        }
        long tokens = u.promptTokens() + u.completionTokens();
        return String.format(java.util.Locale.ROOT, "LLM %,d tokens", tokens) + (prices.known()
            ? String.format(java.util.Locale.ROOT, ", $%.4f", prices.cost(u.promptTokens(), u.completionTokens())) : "");
    }

    /** Tells the progress line and the dashboard's state about each record and result. */
    private static RunObserver watching(RunState live, Progress progress) {
        return new RunObserver() {
            @Override
            public void onRecord(LatentRecord r) {
                live.record(r);
                if (r.isSkipped()) {
                    progress.addDone(1);
                }
            }

            @Override
            public void onResult(LatentResult r) {
                live.result(r);
                progress.addDone(1);
                if (r.status() == LatentResult.Status.FAILED || r.status() == LatentResult.Status.NO_EXPLANATION) {
                    progress.addFailed(1);
                }
            }

            @Override
            public void onFinished(RecordStats stats, Throwable error) {
                live.finished(stats.dead(), error);
                progress.addDone(stats.dead());
            }
        };
    }
}

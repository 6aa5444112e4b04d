package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmUsage;
import dev.augur.metrics.RunMetrics;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.report.HtmlReport;
import dev.augur.run.LatentResult;
import dev.augur.run.RunFiles;
import dev.augur.runfolder.RunLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Optional;

/**
 * A whole in-process run and its bookkeeping, the same for {@code augur run} and the Java API:
 * run_config.json, the pipeline ({@link LocalPipeline}), latents.jsonl and run_stats.json
 * ({@link RunFiles}), then the report (metrics.json, index.html) over the whole run folder,
 * resumed work included. Blocks: call it from a plain thread, never an event loop.
 */
public final class LocalRun {
    /**
     * What a finished run leaves: its files' counts, the report's metrics (null: nothing
     * scored), and how it stopped at its budget (null: it did not).
     */
    public record Outcome(RunFiles files, RecordStats stats, RunMetrics metrics, BudgetReached budgetReached) {
        public RunLayout layout() {
            return files.layout();
        }
    }

    private LocalRun() {
    }

    /**
     * The warning for resuming a folder with other result-shaping settings, if there is one
     * (outputs already there were made with the earlier ones).
     */
    public static Optional<String> resumeWarning(RunPlan plan) {
        List<String> changed = plan.overwrite() ? List.of() : RunFiles.changedSettings(plan.layout(), plan.settings());
        return changed.isEmpty() ? Optional.empty() : Optional.of("resuming " + plan.layout().dir()
            + " with other settings (" + String.join("; ", changed) + "); outputs already there "
            + "were made with the earlier ones - use --overwrite or another --name to redo them");
    }

    /**
     * Runs the plan to its end on {@code vertx}, telling {@code caller} about each record and
     * result after they are in the run's files. Blocks until the run ends: call it from a plain
     * thread, never an event loop.
     *
     * @param client the caller's LLM client (it closes it), or null for a run without one
     */
    public static Outcome run(Vertx vertx, RunPlan plan, LlmClient client, RunObserver caller) {
        return start(vertx, plan, client, caller).outcome().await();
    }

    /** A started run: its outcome to come, and a way to stop it. */
    public record Started(Future<Outcome> outcome, LocalPipeline pipeline) {
        public Future<Void> stop() {
            return pipeline.stop();
        }
    }

    /**
     * Starts the run: run_config.json and the bookkeeping files are opened here (on the
     * calling thread), the report is written on a worker once the last latent is done.
     */
    public static Started start(Vertx vertx, RunPlan plan, LlmClient client, RunObserver caller) {
        RunFiles.writeRunConfig(plan.layout(), plan.settings());
        RunFiles files = new RunFiles(plan.layout());
        java.util.concurrent.atomic.AtomicReference<RecordStats> last = new java.util.concurrent.atomic.AtomicReference<>();
        LocalPipeline pipeline = LocalPipeline.start(vertx, plan, client, new ForwardingObserver(caller) {
            @Override
            public void onRecord(LatentRecord r) {
                files.record(r);
                super.onRecord(r);
            }

            @Override
            public void onResult(LatentResult r) {
                files.result(r);
                super.onResult(r);
            }

            @Override
            public void onFinished(RecordStats s, Throwable error) {
                last.set(s);
                super.onFinished(s, error);
            }
        });
        // a run stopped at its budget ends like a finished one: its bookkeeping and report are written
        Future<Outcome> outcome = pipeline.finished()
            .map(stats -> new Ended(stats, null))
            .recover(e -> e instanceof BudgetReached b
                ? Future.succeededFuture(new Ended(last.get(), b)) : Future.failedFuture(e))
            .compose(end -> vertx.executeBlocking(() -> finish(plan, files, end, client), false))
            .onFailure(e -> files.close()); // a stopped run keeps what it wrote, no half line
        return new Started(outcome, pipeline);
    }

    private record Ended(RecordStats stats, BudgetReached budgetReached) {
    }

    private static Outcome finish(RunPlan plan, RunFiles files, Ended end, LlmClient client) {
        RecordStats stats = end.stats();
        try (files) {
            files.finish(stats, usage(client));
        }
        RunMetrics metrics = null;
        if (files.count(LatentResult.Status.SCORED) + files.count(LatentResult.Status.ALREADY_DONE) > 0) {
            metrics = RunMetrics.compute(plan.layout().dir());
            metrics.writeJson();
            HtmlReport.write(metrics);
        }
        return new Outcome(files, stats, metrics, end.budgetReached());
    }

    private static LlmUsage usage(LlmClient client) {
        return client == null ? null : client.usage();
    }
}

package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.llm.LlmUsage;
import dev.augur.metrics.RunMetrics;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.report.HtmlReport;
import dev.augur.run.LatentResult;
import dev.augur.run.RunFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;
import java.util.function.Supplier;

/**
 * The bookkeeping of a run started with {@code vertx run} (augur run keeps its own, with a
 * progress display): latents.jsonl and run_stats.json through {@link RunFiles}, and at the end
 * the report (metrics.json, index.html) over the whole run folder, then one summary line.
 */
final class FilesObserver implements RunObserver {
    private static final System.Logger LOG = System.getLogger("dev.augur.pipeline");

    private final Vertx vertx;
    private final RunPlan plan;
    private final RunFiles files;
    private final Supplier<LlmUsage> usage;
    private final boolean exitWhenDone;
    private final java.util.function.LongSupplier resent;
    private final ClusterView cluster;
    private final io.vertx.core.Promise<Void> written = io.vertx.core.Promise.promise();
    private final long startNanos = System.nanoTime();
    /** Failed latents logged one by one; the summary counts them all. */
    private static final int MAX_FAILURES_LOGGED = 100;
    /** How long a coordinator waits for another's bookkeeping (a report over a big run) before writing anyway. */
    static final long LOCK_WAIT_MS = 10 * 60_000L;
    private int failuresLogged;

    /** @param resent requests this node sent again (their nodes left, went silent or overran) */
    FilesObserver(Vertx vertx, RunPlan plan, Supplier<LlmUsage> usage, boolean exitWhenDone,
                  java.util.function.LongSupplier resent, ClusterView cluster) {
        this.vertx = vertx;
        this.resent = resent;
        this.cluster = cluster;
        this.plan = plan;
        this.usage = usage;
        this.exitWhenDone = exitWhenDone;
        RunFiles.writeRunConfig(plan.layout(), plan.settings());
        this.files = new RunFiles(plan.layout(), cluster.nodeId());
    }

    @Override
    public void onRecord(LatentRecord record) {
        files.record(record);
    }

    @Override
    public void onResult(LatentResult result) {
        files.result(result);
        if (result.status() == LatentResult.Status.FAILED && failuresLogged++ < MAX_FAILURES_LOGGED) {
            LOG.log(System.Logger.Level.WARNING, result.name() + " failed: " + result.message());
        }
    }

    /** The cluster-wide lock under which a coordinator merges its lines into the run's files. */
    static String bookkeepingLock(RunPlan plan) {
        return plan.runKey() + ".bookkeeping";
    }

    @Override
    public void onFinished(RecordStats stats, Throwable error) {
        // Several coordinators of one run each merge their latents.jsonl lines with the file's
        // earlier ones: one at a time, or two finishing together could drop one's lines.
        Future<Lock> locked = vertx.sharedData().getLockWithTimeout(bookkeepingLock(plan), LOCK_WAIT_MS)
            .recover(e -> {
                LOG.log(System.Logger.Level.WARNING, "writing the run's bookkeeping without its lock: " + e.getMessage());
                return Future.succeededFuture(null);
            });
        locked.compose(lock -> vertx.executeBlocking(() -> {
            if (error == null) { // the run is done: what coordinators killed on the way left behind is tidied
                files.adoptOrphans(owner -> !cluster.isMember(owner));
                RunFiles.removeStaleTemporaries(plan.layout(), System.currentTimeMillis());
            }
            files.finish(stats, usage.get());
            files.close();
            boolean ended = error == null || error instanceof BudgetReached; // a budget's end is a clean one
            if (ended && (files.count(LatentResult.Status.SCORED) + files.count(LatentResult.Status.ALREADY_DONE) > 0)) {
                RunMetrics metrics = RunMetrics.compute(plan.layout().dir());
                metrics.writeJson();
                HtmlReport.write(metrics);
            }
            return null;
        }, false).andThen(ar -> {
            if (lock != null) {
                lock.release();
            }
        })).onComplete(ar -> {
            double secs = (System.nanoTime() - startNanos) / 1e9;
            String summary = String.format(java.util.Locale.ROOT, "augur: run %s %s: %d scored, %d already "
                + "done, %d without explanation, %d failed (%s), %d request(s) re-sent%s in %.2f s", plan.layout().dir(),
                error == null ? "done" : error instanceof BudgetReached ? "stopped at its budget" : "stopped", files.count(LatentResult.Status.SCORED),
                files.count(LatentResult.Status.ALREADY_DONE), files.count(LatentResult.Status.NO_EXPLANATION),
                files.count(LatentResult.Status.FAILED), stats, resent.getAsLong(), outages(), secs);
            boolean clean = ar.succeeded() && (error == null || error instanceof Coordinator.NodeShutdown
                || error instanceof BudgetReached);
            LOG.log(clean ? System.Logger.Level.INFO : System.Logger.Level.ERROR,
                summary + (error != null ? ": " + error.getMessage() : ar.failed() ? ": report: " + ar.cause() : ""));
            written.complete();
            if (error instanceof Coordinator.NodeShutdown) {
                return; // the node is leaving; the run goes on elsewhere
            }
            vertx.eventBus().publish(Addresses.FINISHED, plan.layout().dir().toString());
            if (exitWhenDone) {
                vertx.close();
            }
        });
    }

    /** This node's LLM outages, for the summary: empty when its endpoint never went down. */
    private String outages() {
        LlmUsage u = usage.get();
        return u == null || u.circuitOpenings() == 0 ? "" : String.format(java.util.Locale.ROOT,
            ", LLM endpoint down %d time(s) for %.1f s", u.circuitOpenings(), u.outageMs() / 1000.0);
    }

    @Override
    public Future<Void> written() {
        return written.future();
    }
}

package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.llm.LlmClient;
import dev.augur.record.RecordStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * The in-process engine of {@code augur run} and the Java API: the same stage verticles as a
 * cluster node, every role deployed in one Vert.x instance, reporting to the caller's
 * observer; undeployed when the run ends or the caller stops it.
 */
public final class LocalPipeline {
    private final Vertx vertx;
    private final Promise<RecordStats> finished = Promise.promise();
    private final Promise<String> deployed = Promise.promise();
    private boolean undeployed;

    private LocalPipeline(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Runs the plan to its end; the future holds the record counts, or the error that stopped it.
     *
     * @param client the caller's LLM client (it closes it), or null when the run needs none
     */
    public static Future<RecordStats> run(Vertx vertx, RunPlan plan, LlmClient client, RunObserver observer) {
        return start(vertx, plan, client, observer).finished();
    }

    /** As {@link #run}, with a handle that can also stop the run. */
    public static LocalPipeline start(Vertx vertx, RunPlan plan, LlmClient client, RunObserver observer) {
        LocalPipeline p = new LocalPipeline(vertx);
        RunObserver reporting = new ForwardingObserver(observer) {
            @Override
            public void onFinished(RecordStats stats, Throwable error) {
                super.onFinished(stats, error);
                if (error == null) {
                    p.finished.tryComplete(stats);
                } else {
                    p.finished.tryFail(error);
                }
            }
        };
        vertx.deployVerticle(new NodeVerticle(NodeConfig.allRoles(), plan, client, reporting))
            .onComplete(p.deployed)
            .onFailure(p.finished::tryFail);
        return p;
    }

    /** The record counts once every latent is done, or the error (or stop) that ended the run. */
    public Future<RecordStats> finished() {
        return finished.future().eventually(this::undeploy);
    }

    /** Ends the run now: nothing new starts, the stages go away; {@link #finished} fails. */
    public Future<Void> stop() {
        finished.tryFail(new java.util.concurrent.CancellationException("the run was stopped"));
        return undeploy();
    }

    private synchronized Future<Void> undeploy() {
        if (undeployed) {
            return Future.succeededFuture();
        }
        undeployed = true;
        return deployed.future().compose(vertx::undeploy).otherwiseEmpty();
    }
}

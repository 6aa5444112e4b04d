package dev.augur.pipeline;

import dev.augur.llm.LlmClient;
import dev.augur.record.RecordStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * {@code augur run}'s engine: the same stage verticles as a cluster node, every role deployed
 * in one Vert.x instance, reporting to the caller's observer; undeployed when the run ends.
 */
public final class LocalPipeline {
    private LocalPipeline() {
    }

    /** Runs the plan to its end; the future holds the record counts, or the error that stopped it. */
    public static Future<RecordStats> run(Vertx vertx, RunPlan plan, LlmClient client, RunObserver observer) {
        Promise<RecordStats> finished = Promise.promise();
        NodeResources.of(vertx).useLlm(client).observe(plan.runKey(), new RunObserver() {
            @Override
            public void onRecord(dev.augur.record.LatentRecord record) {
                observer.onRecord(record);
            }

            @Override
            public void onResult(dev.augur.run.LatentResult result) {
                observer.onResult(result);
            }

            @Override
            public void onFinished(RecordStats stats, Throwable error) {
                observer.onFinished(stats, error);
                if (error == null) {
                    finished.complete(stats);
                } else {
                    finished.fail(error);
                }
            }
        });
        return vertx.deployVerticle(new NodeVerticle(NodeConfig.allRoles(), plan))
            .compose(id -> finished.future().eventually(() -> vertx.undeploy(id)));
    }
}

package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.cache.LatentCache;
import dev.augur.construct.NonActivatingSource;
import dev.augur.embed.MiniLmEmbedder;
import dev.augur.record.RecordUnits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Dataset stage (worker, node-local): maps a unit's split and drops its dead latents. */
final class DatasetVerticle extends VerticleBase {
    private final RunPlan plan;
    private final NodeConfig node;
    private RecordUnits units;

    DatasetVerticle(RunPlan plan, NodeConfig node) {
        this.plan = plan;
        this.node = node;
    }

    @Override
    public Future<?> start() {
        NodeResources resources = NodeResources.of(vertx);
        try {
            units = new RecordUnits(LatentCache.open(plan.cache()), plan.records());
            if (plan.records().constructor().nonActivating() == NonActivatingSource.EMBEDDING) {
                units.withEmbeddings(resources.decoder(plan.tokenizer()), MiniLmEmbedder.shared(),
                    plan.embeddingCache());
            }
        } catch (RuntimeException e) { // a bad cache or tokenizer fails the deployment with its message
            return Future.failedFuture(e);
        }
        return Stages.serve(vertx, Addresses.DATASET, false, node.stageQueue(), resources.metrics(),
            (m, held) -> Future.succeededFuture(new PipelineMessage.UnitLoaded(
                units.load(((PipelineMessage.LoadUnit) m).unit()))));
    }
}

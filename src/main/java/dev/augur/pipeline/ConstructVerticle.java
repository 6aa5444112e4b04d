package dev.augur.pipeline;

import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.ExampleConstructor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/** Construct stage (worker, node-local): the examples of a unit's live latents. */
final class ConstructVerticle extends VerticleBase {
    private final NodeConfig node;
    private final ExampleConstructor backend = new CpuExampleConstructor();

    ConstructVerticle(NodeConfig node) {
        this.node = node;
    }

    @Override
    public Future<?> start() {
        return Stages.serve(vertx, Addresses.CONSTRUCT, false, node.stageQueue(),
            NodeResources.of(vertx).metrics(), m -> {
                ConstructionBatch batch = ((PipelineMessage.Construct) m).batch();
                return Future.succeededFuture(new PipelineMessage.Constructed(
                    batch.latents().length == 0 ? List.of() : backend.construct(batch)));
            });
    }
}

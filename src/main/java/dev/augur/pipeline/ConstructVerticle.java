package dev.augur.pipeline;

import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ExampleConstructor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Construct stage (worker, node-local): the examples of a unit's live latents, on the backend
 * the run asks for (the CUDA one drives the GPU from its own thread; this worker waits on it).
 */
final class ConstructVerticle extends VerticleBase {
    private final NodeConfig node;
    private final ExampleConstructor backend;

    /** @param backend chosen by the node before deploying (a failure there is a config error) */
    ConstructVerticle(NodeConfig node, ExampleConstructor backend) {
        this.node = node;
        this.backend = backend;
    }

    @Override
    public Future<?> stop() throws Exception {
        if (backend instanceof AutoCloseable device) {
            device.close();
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<?> start() {
        return Stages.serve(vertx, Addresses.CONSTRUCT, false, node.stageQueue(),
            NodeResources.of(vertx).metrics(), (m, held) -> {
                ConstructionBatch batch = ((PipelineMessage.Construct) m).batch();
                return Future.succeededFuture(new PipelineMessage.Constructed(
                    batch.latents().length == 0 ? List.of() : backend.construct(batch)));
            });
    }
}

package dev.augur.pipeline;

import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.ExampleConstructors;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.List;

/**
 * Construct stage (worker, node-local): the examples of a unit's live latents, on the backend
 * the run asks for (the CUDA one drives the GPU from its own thread; this worker waits on it).
 */
final class ConstructVerticle extends VerticleBase {
    private static final System.Logger LOG = System.getLogger("dev.augur.pipeline");

    private final RunPlan plan;
    private final NodeConfig node;
    private ExampleConstructor backend;

    ConstructVerticle(RunPlan plan, NodeConfig node) {
        this.plan = plan;
        this.node = node;
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
        backend = ExampleConstructors.forDevice(plan.device(), line -> LOG.log(System.Logger.Level.INFO, line));
        return Stages.serve(vertx, Addresses.CONSTRUCT, false, node.stageQueue(),
            NodeResources.of(vertx).metrics(), m -> {
                ConstructionBatch batch = ((PipelineMessage.Construct) m).batch();
                return Future.succeededFuture(new PipelineMessage.Constructed(
                    batch.latents().length == 0 ? List.of() : backend.construct(batch)));
            });
    }
}

package dev.augur.pipeline;

import dev.augur.cache.LatentCache;
import dev.augur.record.RecordUnits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.UUID;

/**
 * The coordinator: plans the run's work units, claims them with the other coordinators of
 * the cluster and drives their latents through the stages (see {@link Coordinator}).
 */
final class CoordinatorVerticle extends VerticleBase {
    private final RunPlan plan;
    private final NodeConfig node;
    private final RunObserver given;

    /** @param observer where it reports (an in-process caller), or null for the run's files */
    CoordinatorVerticle(RunPlan plan, NodeConfig node, RunObserver observer) {
        this.plan = plan;
        this.node = node;
        this.given = observer;
    }

    @Override
    public Future<?> start() {
        NodeResources resources = NodeResources.of(vertx);
        // Opening the run's files and reading the cache's headers block: not on the event loop.
        return vertx.executeBlocking(() -> given != null ? given : new FilesObserver(vertx, plan, () -> {
                var client = resources.openLlm();
                return client == null ? null : client.usage();
            }, node.exitWhenDone(), resources.metrics()::resentTotal, resources.cluster()), false)
            .compose(observer -> {
                Coordinator coordinator = new Coordinator(vertx, plan, node, resources, observer);
                resources.addCoordinator(coordinator);
                return vertx.executeBlocking(() -> new RecordUnits(LatentCache.open(plan.cache()),
                        plan.records()).plan(coordinator.unitSize()), false)
                    .compose(units -> coordinator.start(units, UUID.randomUUID().toString()));
            });
    }
}

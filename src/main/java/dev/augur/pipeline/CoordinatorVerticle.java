package dev.augur.pipeline;

import dev.augur.config.RunPlan;
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

    /**
     * With {@code node.httpPort}, the observer also feeds the live dashboard this node serves
     * over the shared run folder; the run never waits on it.
     */
    private Future<RunObserver> watched(RunObserver files, NodeResources resources) {
        dev.augur.serve.ServeSettings settings = node.http().settings(System.getenv());
        if (settings == null) {
            return Future.succeededFuture(files);
        }
        dev.augur.serve.RunState state = new dev.augur.serve.RunState(plan.layout().dir(), System::currentTimeMillis)
            .usage(() -> {
                var client = resources.openLlm();
                return client == null ? null : client.usage();
            })
            .members(resources.directory(vertx, node.roles())::members);
        return dev.augur.serve.DashboardServer.start(vertx, state, settings).map(server -> {
            System.getLogger("dev.augur.pipeline").log(System.Logger.Level.INFO, "augur node: dashboard " + server.url());
            return new WatchedObserver(files, state);
        });
    }

    @Override
    public Future<?> start() {
        NodeResources resources = NodeResources.of(vertx);
        // Opening the run's files and reading the cache's headers block: not on the event loop.
        return vertx.executeBlocking(() -> given != null ? given : new FilesObserver(vertx, plan, () -> {
                var client = resources.openLlm();
                return client == null ? null : client.usage();
            }, node.exitWhenDone(), resources.metrics()::resentTotal, resources.cluster()), false)
            .compose(files -> watched(files, resources))
            .compose(observer -> {
                Coordinator coordinator = new Coordinator(vertx, plan, node, resources, observer);
                resources.addCoordinator(coordinator);
                return vertx.executeBlocking(() -> new RecordUnits(LatentCache.open(plan.cache()),
                        plan.records()).plan(coordinator.unitSize()), false)
                    .compose(units -> {
                        if (observer instanceof WatchedObserver w) {
                            w.selected(units.stream().mapToLong(RecordUnits.Unit::size).sum());
                        }
                        return coordinator.start(units, UUID.randomUUID().toString());
                    });
            });
    }
}

package dev.augur.pipeline;

import dev.augur.config.RunPlan;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.record.RecordUnits;
import dev.augur.run.LatentResult;
import dev.augur.runfolder.RunLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives a run's latents through the stages with at most {@code maxLatentsInFlight} latents
 * between record building and their written result: a unit is claimed only when its latents
 * fit in the free credits, and a credit comes back when a latent is written, skipped or dead.
 * A slow scorer therefore slows the claiming of units (and the reading of the cache) rather
 * than filling memory. Runs on its verticle's event loop; nothing here blocks.
 */
final class Coordinator {
    private static final System.Logger LOG = System.getLogger("dev.augur.pipeline");
    /** Consecutive failures to reach the shared data before the coordinator gives up. */
    private static final int MAX_CLAIM_FAILURES = 20;
    /**
     * Node-local stages (dataset, construct, sample, write) cannot lose a request to a dead
     * node; their timeout only guards against a hang, and must allow the first unit of a module
     * to build its embedding index for hard negatives.
     */
    static final long LOCAL_STAGE_TIMEOUT_MS = 2 * 3_600_000L;

    private final Vertx vertx;
    private final RunPlan plan;
    private final NodeConfig node;
    private final StageClient stages;
    private final PipelineMetrics metrics;
    private final RunObserver observer;
    private final RunLayout layout;
    private final LatentFlow flow;
    private final RecordStats stats = new RecordStats();
    private final Set<Integer> running = new HashSet<>();
    private final int unitSize;
    /** Null when the run has no budget. */
    private final BudgetGate gate;
    private final RunSpending spending;
    /** The budget allows no new unit: claim nothing more, end once the running units are done. */
    private boolean budgetReached;
    private List<RecordUnits.Unit> units;
    private WorkUnits claims;
    private int credits;
    private boolean claiming;
    private volatile boolean finished; // read by noteRecords on a worker
    private int claimFailures;
    /** The verticle's event loop: all of this object's state is touched there only. */
    private io.vertx.core.Context context;
    private final ClusterView cluster;
    private final io.vertx.core.Promise<Void> observerDone = io.vertx.core.Promise.promise();
    /** Set on SIGTERM: no more claims; completed once no unit of this coordinator runs. */
    private io.vertx.core.Promise<Void> drained;

    /** What a coordinator stopped by its node's shutdown reports as its end. */
    static final class NodeShutdown extends RuntimeException {
        NodeShutdown(String message) {
            super(message, null, false, false);
        }
    }

    Coordinator(Vertx vertx, RunPlan plan, NodeConfig node, NodeResources resources, RunObserver observer) {
        this.vertx = vertx;
        this.plan = plan;
        this.node = node;
        this.metrics = resources.metrics();
        this.observer = observer;
        this.cluster = resources.cluster();
        this.stages = new StageClient(vertx, node.attempts(), metrics, resources.tracker());
        this.layout = plan.layout();
        this.flow = new LatentFlow(vertx, plan, stages, node.faults().requestBoundMs());
        this.credits = plan.maxLatentsInFlight();
        this.unitSize = Math.min(node.unitLatents(), plan.maxLatentsInFlight());
        this.gate = plan.budget().limited() ? new BudgetGate(plan.budget()) : null;
        this.spending = new RunSpending(vertx, plan);
    }

    /** Plans the units (on a worker: it reads the cache's headers) and starts claiming. */
    Future<Void> start(List<RecordUnits.Unit> planned, String owner) {
        this.context = vertx.getOrCreateContext();
        this.units = planned;
        this.claims = new WorkUnits(vertx, plan.runKey() + "." + planKey(planned), units.size(),
            node.leaseMs(), cluster.nodeId() + "/" + owner, System::currentTimeMillis, cluster::hasLeft);
        // A coordinator that dies leaves its units to the others: taken over as soon as its
        // member is gone, not when its leases run out.
        cluster.onLeft(vertx, gone -> pump());
        // Another coordinator that saw the run done says so: this one need not wait for its next look.
        String runDir = layout.dir().toString();
        io.vertx.core.eventbus.MessageConsumer<Object> othersDone = vertx.eventBus().consumer(Addresses.FINISHED, m -> {
            if (runDir.equals(m.body()) && !finished && running.isEmpty() && drained == null) {
                checkDone();
            }
        });
        observerDone.future().onComplete(x -> othersDone.unregister());
        return claims.open().onSuccess(v -> {
            vertx.setPeriodic(Math.max(100, node.leaseMs() / 3), id -> {
                if (finished) {
                    vertx.cancelTimer(id);
                } else {
                    claims.renew();
                }
            });
            pump();
        });
    }

    /** Coordinators share claims only when they planned the same units (ids index the plan). */
    private static String planKey(List<RecordUnits.Unit> planned) {
        int h = planned.size();
        for (RecordUnits.Unit u : planned) {
            h = 31 * (31 * h + u.module().hashCode()) + java.util.Arrays.hashCode(u.latents());
        }
        return Integer.toHexString(h);
    }

    int unitSize() {
        return unitSize;
    }

    private void pump() {
        if (budgetReached) {
            endAtBudget();
            return;
        }
        if (claiming || finished || drained != null || credits < unitSize) {
            return;
        }
        claiming = true;
        withinBudget().onComplete(ok -> {
            if (ok.succeeded() && !ok.result()) {
                claiming = false;
                budgetReached = true;
                endAtBudget();
            } else {
                if (ok.failed()) { // the budget is checked again before the next unit
                    LOG.log(System.Logger.Level.WARNING, "reading the run's spending failed: " + ok.cause());
                }
                claim();
            }
        });
    }

    /** Whether the budget lets the next unit start (always, without a budget). */
    private Future<Boolean> withinBudget() {
        if (gate == null) {
            return Future.succeededFuture(true);
        }
        int inFlight = plan.maxLatentsInFlight() - credits;
        return spending.read().map(spent -> gate.allows(spent, inFlight, unitSize));
    }

    /**
     * Once the units this coordinator runs are done: ends the run as usual if nothing is left
     * (the budget stopped nothing), else with {@link BudgetReached}.
     */
    private void endAtBudget() {
        if (finished || !running.isEmpty() || claiming) {
            return;
        }
        claiming = true; // one look at a time
        Future<BudgetGate.Spent> spent = spending.read();
        Future<Long> left = claims.undone().map(ids -> ids.stream().mapToLong(id -> units.get(id).size()).sum());
        Future.all(spent, left).onComplete(ar -> {
            claiming = false;
            if (ar.failed()) {
                finish(new IllegalStateException("the run's budget was reached, but its state could not be read: "
                    + ar.cause().getMessage(), ar.cause()));
            } else if (left.result() == 0) {
                finish(null);
            } else {
                finish(new BudgetReached(plan.budget(), spent.result(), left.result()));
            }
        });
    }

    private void claim() {
        claims.claim().onComplete(ar -> {
            claiming = false;
            if (ar.failed()) {
                if (++claimFailures >= MAX_CLAIM_FAILURES) {
                    finish(new IllegalStateException("cannot claim work units: " + ar.cause().getMessage(), ar.cause()));
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "claiming a work unit failed, retrying: " + ar.cause());
                vertx.setTimer(500, t -> pump());
            } else if (finished || drained != null) {
                ar.result().ifPresent(claims::release); // the run ended, or the node drains: not ours to do
            } else if (ar.result().isPresent()) {
                claimFailures = 0;
                runUnit(units.get(ar.result().get()));
                pump();
            } else if (running.isEmpty()) {
                checkDone();
            }
        });
    }

    private void checkDone() {
        claims.allDone().onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                finish(null);
            } else if (!finished && drained == null) { // others still work; their units come back here if they die
                vertx.setTimer(Math.max(100, node.leaseMs() / 3), t -> pump());
            }
        });
    }

    private void finish(Throwable error) {
        if (!finished) {
            finished = true;
            observer.onFinished(stats, error);
            observerDone.tryComplete();
        }
    }

    /**
     * The node shuts down: claim nothing more. Completes once the units this coordinator runs
     * are done; {@link #handBack} gives up the rest.
     */
    Future<Void> drain() {
        if (drained == null) {
            drained = io.vertx.core.Promise.promise();
            if (running.isEmpty()) {
                drained.complete();
            }
        }
        return drained.future();
    }

    /**
     * Ends this coordinator for its node's shutdown: the leases of units still running are
     * released so another coordinator takes them at once (their finished latents are found on
     * disk), and the bookkeeping is written. Completes when the observer is done writing.
     */
    Future<Void> handBack() {
        drain();
        List<Integer> left = List.copyOf(running);
        Future<Void> released = Future.join(left.stream().map(claims::release).toList()).mapEmpty();
        return released.otherwiseEmpty().compose(v -> {
            finish(new NodeShutdown(left.isEmpty() ? "node shutting down"
                : "node shutting down: " + left.size() + " unit(s) handed back"));
            return observer.written();
        });
    }

    int runningUnits() {
        return running.size();
    }

    private void release(int n) {
        credits += n;
        pump();
    }

    private void runUnit(RecordUnits.Unit unit) {
        credits -= unit.size();
        running.add(unit.id());
        stages.ask(Addresses.DATASET, new PipelineMessage.LoadUnit(unit), LOCAL_STAGE_TIMEOUT_MS, true,
                PipelineMessage.UnitLoaded.class)
            .compose(loaded -> {
                stats.add(unit.size(), loaded.loaded().dead(), 0, 0);
                credits += loaded.loaded().dead();
                return stages.ask(Addresses.CONSTRUCT, new PipelineMessage.Construct(loaded.loaded().batch()),
                    LOCAL_STAGE_TIMEOUT_MS, true, PipelineMessage.Constructed.class);
            })
            .compose(built -> stages.ask(Addresses.SAMPLE, new PipelineMessage.Sample(built.examples()),
                LOCAL_STAGE_TIMEOUT_MS, true, PipelineMessage.Sampled.class))
            .compose(sampled -> vertx.executeBlocking(() -> noteRecords(sampled), true))
            .compose(sampled -> Future.join(latents(sampled)))
            .compose(all -> claims.complete(unit.id()))
            .onComplete(ar -> {
                running.remove(unit.id());
                if (drained != null) {
                    if (running.isEmpty()) {
                        drained.tryComplete();
                    }
                    return;
                }
                if (ar.failed()) {
                    LOG.log(System.Logger.Level.ERROR, "unit " + unit.id() + " (" + unit.module()
                        + ") failed: " + ar.cause().getMessage());
                    finish(ar.cause());
                    return;
                }
                pump();
            });
    }

    /** The observer notes each record built (a file append): on a worker, units in order. */
    private PipelineMessage.Sampled noteRecords(PipelineMessage.Sampled sampled) {
        for (LatentRecord r : sampled.records()) {
            if (!finished) {
                observer.onRecord(r);
            }
        }
        return sampled;
    }

    private List<Future<LatentResult>> latents(PipelineMessage.Sampled sampled) {
        List<Future<LatentResult>> all = new ArrayList<>();
        for (int i = 0; i < sampled.records().size(); i++) {
            LatentRecord r = sampled.records().get(i);
            stats.count(r);
            if (r.isSkipped()) {
                release(1);
                continue;
            }
            metrics.inFlight().incrementAndGet();
            WireRecord wire = sampled.wire().get(i);
            all.add(flow.process(r, wire).onComplete(ar -> {
                LatentResult res = ar.succeeded() ? ar.result() : new LatentResult(r, null, Map.of(),
                    LatentResult.Status.FAILED, String.valueOf(ar.cause().getMessage()));
                metrics.inFlight().decrementAndGet();
                metrics.latentDone(res.status() != LatentResult.Status.FAILED);
                if (finished) {
                    release(1);
                    return;
                }
                // counted before the credit comes back: the next unit's budget check sees it
                Future<Void> counted = spending.add(res.totalUsage()).otherwiseEmpty();
                Future<Void> taken;
                try {
                    observer.onResult(res);
                    taken = observer.taken(res);
                } catch (RuntimeException e) { // an observer's exception must not cost a credit
                    taken = Future.succeededFuture();
                }
                // the caller may take it on its own thread: the credit comes back on this loop
                Future.join(taken, counted).onComplete(x -> context.runOnContext(v -> release(1)));
            }).otherwiseEmpty()); // a latent's failure is its own, never its unit's
        }
        return all;
    }
}

package dev.augur.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * SIGTERM on a node started with {@code vertx run}: the node stops claiming work and answers
 * other nodes' new requests "busy" (they go elsewhere), finishes what it holds for up to
 * {@code node.shutdownGraceMs}, hands back the rest (held requests answered "busy", so their
 * senders re-send them at once; units' leases released, so another coordinator takes them at
 * once), writes its bookkeeping, leaves the cluster and exits 0. Nothing is lost: what was not
 * finished is done elsewhere, and the run's files are written once (the first writer wins).
 *
 * <p>The signal is taken over (rather than left to shutdown hooks) so the JVM exits 0 after a
 * clean drain, as a process manager expects, instead of 143.
 */
final class NodeShutdown {
    private static final System.Logger LOG = System.getLogger("dev.augur.pipeline");
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();
    private static final AtomicBoolean STARTED = new AtomicBoolean();
    /** Leaving the cluster after the drain: Hazelcast hands its partitions over first. */
    private static final long CLOSE_WAIT_S = 60;

    private NodeShutdown() {
    }

    /** Takes SIGTERM for this JVM (once; later calls do nothing). */
    static void installOnce(long graceMs) {
        if (!INSTALLED.compareAndSet(false, true)) {
            return;
        }
        try {
            Signal.handle(new Signal("TERM"), s -> {
                if (STARTED.compareAndSet(false, true)) {
                    Thread t = new Thread(() -> shutDown(graceMs), "augur-shutdown");
                    t.setDaemon(false);
                    t.start();
                }
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "augur node: cannot take SIGTERM here (" + e.getMessage()
                + "): the node then stops without draining");
        }
    }

    private static void shutDown(long graceMs) {
        int status = 0;
        for (Vertx vertx : NodeResources.nodes()) {
            try {
                drain(vertx, NodeResources.of(vertx), graceMs).toCompletionStage().toCompletableFuture()
                    .get(graceMs + 30_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "augur node: draining failed: " + e);
                status = 1;
            }
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(CLOSE_WAIT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "augur node: leaving the cluster failed: " + e);
                status = 1;
            }
        }
        LOG.log(System.Logger.Level.INFO, "augur node: stopped");
        System.exit(status);
    }

    /**
     * Drains one node: no new work, {@code graceMs} to finish what it holds, the rest handed
     * back. Completes when the node's coordinators have written their bookkeeping.
     */
    static Future<Void> drain(Vertx vertx, NodeResources node, long graceMs) {
        Promise<Void> done = Promise.promise();
        vertx.runOnContext(v -> {
            if (node.held() == null) { // SIGTERM before the node's stages were up: nothing to drain
                done.complete();
                return;
            }
            node.startDraining();
            List<Coordinator> coordinators = node.coordinators();
            int units = coordinators.stream().mapToInt(Coordinator::runningUnits).sum();
            LOG.log(System.Logger.Level.INFO, "augur node: SIGTERM: draining for up to " + graceMs / 1000.0
                + " s (" + node.held().size() + " cluster request(s) held, " + units + " unit(s) running)");
            List<Future<Void>> drained = new ArrayList<>();
            coordinators.forEach(c -> drained.add(c.drain()));
            Future<Void> all = Future.join(drained).mapEmpty();
            long deadline = System.currentTimeMillis() + graceMs;
            waitUntil(vertx, () -> all.isComplete() && node.held().size() == 0, deadline).onComplete(w -> {
                int requests = node.held().handBack();
                int unitsLeft = coordinators.stream().mapToInt(Coordinator::runningUnits).sum();
                List<Future<Void>> written = new ArrayList<>();
                coordinators.forEach(c -> written.add(c.handBack()));
                Future.join(written).onComplete(x -> {
                    LOG.log(System.Logger.Level.INFO, "augur node: drained: " + (requests + unitsLeft == 0
                        ? "everything finished" : "handed back " + requests + " request(s) and " + unitsLeft
                        + " unit(s)") + "; leaving the cluster");
                    done.complete();
                });
            });
        });
        return done.future();
    }

    private static Future<Void> waitUntil(Vertx vertx, java.util.function.BooleanSupplier ready, long deadline) {
        Promise<Void> p = Promise.promise();
        if (ready.getAsBoolean() || System.currentTimeMillis() >= deadline) {
            p.complete();
            return p.future();
        }
        vertx.setPeriodic(100, id -> {
            if (ready.getAsBoolean() || System.currentTimeMillis() >= deadline) {
                vertx.cancelTimer(id);
                p.tryComplete();
            }
        });
        return p.future();
    }
}

package dev.augur.pipeline;

import dev.augur.explain.MissingExplanationException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a stage's address: at most {@code queue} requests held at once (more are answered
 * {@link Addresses#BUSY} at once, so a full stage pushes back instead of queueing without
 * bound), malformed messages answered {@link Addresses#MALFORMED} with the reason, and stage
 * errors answered with a one-line message. Cluster requests are held in the node's
 * {@link HeldRequests} (acknowledged and kept alive for their senders). While the node drains
 * (SIGTERM) a cluster stage takes only its own node's requests; what it still holds when the
 * grace period ends is handed back "busy". Returns when the consumer is registered
 * (cluster-wide registrations included), so a stage is ready when this completes.
 */
final class Stages {
    /** A stage's work on one request; {@code held} tallies the request's prompts. */
    interface Handler {
        Future<? extends PipelineMessage> handle(PipelineMessage request, HeldRequests.Held held);
    }

    private Stages() {
    }

    static Future<Void> serve(Vertx vertx, String address, boolean clusterWide, int queue,
                              PipelineMetrics metrics, Handler handler) {
        NodeResources node = NodeResources.of(vertx);
        AtomicInteger held = new AtomicInteger();
        metrics.stageQueue(address, held);
        MessageConsumer<PipelineMessage> consumer = clusterWide
            ? vertx.eventBus().consumer(address) : vertx.eventBus().localConsumer(address);
        io.micrometer.core.instrument.Counter served = metrics.registry().counter("augur_stage_requests", "address", address);
        consumer.handler(msg -> {
            served.increment();
            boolean leaving = node.closing() || (clusterWide && node.draining() && !node.held().fromThisNode(msg.headers()));
            if (leaving || held.incrementAndGet() > queue) {
                if (!leaving) {
                    held.decrementAndGet();
                }
                msg.fail(Addresses.BUSY, address + (leaving ? " is shutting down"
                    : " is busy (" + queue + " requests held)"));
                return;
            }
            HeldRequests.Held h = clusterWide ? node.held().hold(msg.headers()) : HeldRequests.Held.untracked();
            h.onHandBack(() -> {
                held.decrementAndGet();
                msg.fail(Addresses.BUSY, address + " is shutting down: request handed back");
            });
            Future<? extends PipelineMessage> answer;
            try {
                answer = msg.body() instanceof PipelineMessage.Malformed bad
                    ? Future.failedFuture(new StageClient.StageException(Addresses.MALFORMED, bad.reason()))
                    : handler.handle(msg.body(), h);
            } catch (RuntimeException | Error e) { // e.g. a native library failing: answer, never go silent
                answer = Future.failedFuture(e);
            }
            answer.onComplete(ar -> {
                node.held().release(h);
                if (!h.answer()) {
                    return; // handed back already
                }
                held.decrementAndGet();
                if (ar.failed() && node.closing()) { // e.g. its LLM client closed under it: ask elsewhere
                    msg.fail(Addresses.BUSY, address + " is shutting down");
                    return;
                }
                reply(msg, address, ar.succeeded() ? ar.result() : null, ar.cause());
            });
        });
        return consumer.completion();
    }

    private static void reply(Message<PipelineMessage> msg, String address, PipelineMessage answer,
                              Throwable err) {
        if (err == null) {
            msg.reply(answer, new io.vertx.core.eventbus.DeliveryOptions().setCodecName(AugurCodec.NAME));
            return;
        }
        int code = err instanceof StageClient.StageException se ? se.code
            : err instanceof MissingExplanationException ? Addresses.NO_EXPLANATION : Addresses.FAILED;
        if (code == Addresses.MALFORMED) {
            System.Logger log = System.getLogger("dev.augur.pipeline");
            log.log(System.Logger.Level.WARNING, address + ": malformed message: " + err.getMessage());
        }
        msg.fail(code, err.getMessage() == null ? err.toString() : err.getMessage());
    }
}

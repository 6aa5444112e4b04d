package dev.augur.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Requests to a stage with the retry rules of the pipeline: a busy stage is asked again after
 * a short jittered pause until the request's deadline (busy answers do not count as attempts);
 * a cluster request's timeout or a missing handler (a node that left) is retried up to
 * {@code attempts} times, the event bus picking a handler anew each
 * time, so work of a dead node moves to a live one. Stage failures are not retried: handlers
 * are idempotent, but a failure there is an answer.
 */
final class StageClient {
    /** A request's failure with the stage's code (see {@link Addresses}). */
    static final class StageException extends RuntimeException {
        final int code;

        StageException(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final Vertx vertx;
    private final int attempts;
    private final PipelineMetrics metrics;

    StageClient(Vertx vertx, int attempts, PipelineMetrics metrics) {
        this.vertx = vertx;
        this.attempts = attempts;
        this.metrics = metrics;
    }

    <T extends PipelineMessage> Future<T> ask(String address, PipelineMessage m, long timeoutMs,
                                              boolean localOnly, Class<T> type) {
        Promise<T> done = Promise.promise();
        long deadline = System.currentTimeMillis() + timeoutMs;
        attempt(address, m, timeoutMs, localOnly, type, 1, 0, deadline, done);
        return done.future();
    }

    private <T extends PipelineMessage> void attempt(String address, PipelineMessage m, long timeoutMs,
                                                    boolean localOnly, Class<T> type, int tried,
                                                    int busy, long deadline, Promise<T> done) {
        DeliveryOptions opts = AugurCodec.options(timeoutMs).setLocalOnly(localOnly);
        vertx.eventBus().<PipelineMessage>request(address, m, opts).onComplete(ar -> {
            if (ar.succeeded()) {
                PipelineMessage body = ar.result().body();
                if (body == null) {
                    done.fail(new StageException(Addresses.MALFORMED, address + " answered with no message"));
                } else if (type.isInstance(body)) {
                    done.complete(type.cast(body));
                } else if (body instanceof PipelineMessage.Malformed bad) {
                    done.fail(new StageException(Addresses.MALFORMED, address + " answered with a "
                        + "message this node cannot read: " + bad.reason()));
                } else {
                    done.fail(new StageException(Addresses.MALFORMED, address + " answered "
                        + body.getClass().getSimpleName() + ", expected " + type.getSimpleName()));
                }
                return;
            }
            Throwable err = ar.cause();
            ReplyException re = err instanceof ReplyException r ? r : null;
            boolean isBusy = re != null && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && re.failureCode() == Addresses.BUSY;
            // A node-local stage that timed out is still working on the request: asking again
            // would queue a second copy behind it. Only cluster requests move to another node.
            boolean lost = re != null && (re.failureType() == ReplyFailure.NO_HANDLERS
                || (re.failureType() == ReplyFailure.TIMEOUT && !localOnly));
            long now = System.currentTimeMillis();
            if (isBusy && now < deadline) {
                long pause = Math.min(1000, 20L << Math.min(busy, 6));
                vertx.setTimer(pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1), t ->
                    attempt(address, m, Math.max(100, Math.min(timeoutMs, deadline - System.currentTimeMillis())),
                        localOnly, type, tried, busy + 1, deadline, done));
            } else if (lost && tried < attempts) {
                metrics.retried(address);
                long pause = Math.min(2000, 100L << Math.min(tried, 5));
                vertx.setTimer(pause, t -> attempt(address, m, timeoutMs, localOnly, type, tried + 1,
                    busy, System.currentTimeMillis() + timeoutMs, done));
            } else if (re != null && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                done.fail(new StageException(re.failureCode(), re.getMessage()));
            } else if (re != null && re.failureType() == ReplyFailure.NO_HANDLERS) {
                boolean llmStage = address.equals(Addresses.EXPLAIN) || address.startsWith(Addresses.SCORE + ".");
                done.fail(new StageException(Addresses.FAILED, "no node of the cluster serves " + address
                    + " (after " + tried + " attempt(s))" + (llmStage ? ": LLM explanations and scorers are"
                    + " served only by nodes with llm-base-url and model in their config" : "")));
            } else {
                done.fail(new StageException(Addresses.FAILED, address + ": " + (lost
                    ? "no answer after " + tried + " attempt(s) (" + err.getMessage() + ")"
                    : String.valueOf(err.getMessage()))));
            }
        });
    }
}

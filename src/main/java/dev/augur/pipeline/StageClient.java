package dev.augur.pipeline;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Requests to a stage with the retry rules of the pipeline:
 * <ul>
 * <li>a busy stage (its queue full, or its node shutting down) is asked again after a short
 * jittered pause until the request's bound; busy answers do not count as attempts;</li>
 * <li>a cluster request is tracked ({@link RequestTracker}): when the node holding it leaves
 * the cluster it is sent again at once, to another node (not counted as an attempt, up to
 * {@link #MAX_RESENDS} times); when its node goes silent or runs past the deadline of its work,
 * it is sent again as a new attempt, up to {@code attempts};</li>
 * <li>a missing handler (no node serves the address right now) is retried like a lost request;</li>
 * <li>stage failures are not retried: handlers are idempotent, but a failure there is an answer.</li>
 * </ul>
 * A late answer of an attempt that was given up still counts if it comes first.
 */
final class StageClient implements StageCalls {
    /** Re-sends of one request after the nodes holding it left, before it fails. */
    static final int MAX_RESENDS = 20;

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
    private final RequestTracker tracker; // null: nothing to track (an unclustered node)

    StageClient(Vertx vertx, int attempts, PipelineMetrics metrics, RequestTracker tracker) {
        this.vertx = vertx;
        this.attempts = attempts;
        this.metrics = metrics;
        this.tracker = tracker;
    }

    /** One request, with its own state across attempts. */
    private final class Call<T extends PipelineMessage> {
        final String address;
        final PipelineMessage message;
        final long timeoutMs;
        final boolean localOnly;
        final Class<T> type;
        final long deadline;
        final Promise<T> done = Promise.promise();
        int tried = 1;
        int busy;
        int resent;

        Call(String address, PipelineMessage message, long timeoutMs, boolean localOnly, Class<T> type) {
            this.address = address;
            this.message = message;
            this.timeoutMs = timeoutMs;
            this.localOnly = localOnly;
            this.type = type;
            this.deadline = System.currentTimeMillis() + timeoutMs;
        }

        void attempt() {
            if (done.future().isComplete()) {
                return;
            }
            long left = Math.max(100, Math.min(timeoutMs, deadline - System.currentTimeMillis()));
            DeliveryOptions opts = AugurCodec.options(left).setLocalOnly(localOnly);
            RequestTracker.Tracked tracked = localOnly || tracker == null ? null : tracker.track(this::lost);
            if (tracked != null) {
                opts.addHeader(HeldRequests.REQUEST, Long.toString(tracked.id))
                    .addHeader(HeldRequests.PROGRESS, tracker.address());
            }
            vertx.eventBus().<PipelineMessage>request(address, message, opts).onComplete(ar -> {
                if (tracked != null && !tracker.done(tracked)) { // given up already, and sent again
                    if (ar.succeeded() && type.isInstance(ar.result().body())) {
                        done.tryComplete(type.cast(ar.result().body())); // first answer wins
                    }
                    return;
                }
                if (ar.succeeded()) {
                    answered(ar.result());
                } else {
                    failed(ar.cause());
                }
            });
        }

        private void lost(RequestTracker.Loss why) {
            if (done.future().isComplete()) {
                return;
            }
            if (why == RequestTracker.Loss.MEMBER_LEFT && resent < MAX_RESENDS) {
                resent++; // its node is gone: not this request's fault, and no reason to wait
                attempt();
            } else if (tried < attempts) {
                retry();
            } else {
                done.tryFail(new StageException(Addresses.FAILED, address + ": no answer after " + tried
                    + " attempt(s) (last: " + (why == RequestTracker.Loss.SILENT ? "its node went silent"
                    : why == RequestTracker.Loss.DEADLINE ? "its node ran past the deadline of its work"
                    : "its node left the cluster") + ")"));
            }
        }

        private void retry() {
            metrics.retried(address);
            long pause = Math.min(2000, 100L << Math.min(tried, 5));
            tried++;
            vertx.setTimer(pause, t -> attempt());
        }

        private void answered(Message<PipelineMessage> reply) {
            PipelineMessage body = reply.body();
            if (body == null) {
                done.tryFail(new StageException(Addresses.MALFORMED, address + " answered with no message"));
            } else if (type.isInstance(body)) {
                done.tryComplete(type.cast(body));
            } else if (body instanceof PipelineMessage.Malformed bad) {
                done.tryFail(new StageException(Addresses.MALFORMED, address + " answered with a "
                    + "message this node cannot read: " + bad.reason()));
            } else {
                done.tryFail(new StageException(Addresses.MALFORMED, address + " answered "
                    + body.getClass().getSimpleName() + ", expected " + type.getSimpleName()));
            }
        }

        private void failed(Throwable err) {
            ReplyException re = err instanceof ReplyException r ? r : null;
            boolean isBusy = re != null && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
                && re.failureCode() == Addresses.BUSY;
            // A node-local stage that timed out is still working on the request: asking again
            // would queue a second copy behind it. Only cluster requests move to another node.
            boolean lost = re != null && (re.failureType() == ReplyFailure.NO_HANDLERS
                || (re.failureType() == ReplyFailure.TIMEOUT && !localOnly));
            if (isBusy && System.currentTimeMillis() < deadline) {
                metrics.busy(address);
                long pause = Math.min(1000, 20L << Math.min(busy, 6));
                busy++;
                vertx.setTimer(pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1), t -> attempt());
            } else if (lost && tried < attempts) {
                retry();
            } else if (re != null && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                done.tryFail(new StageException(re.failureCode(), re.getMessage()));
            } else if (re != null && re.failureType() == ReplyFailure.NO_HANDLERS) {
                boolean llmStage = address.equals(Addresses.EXPLAIN) || address.startsWith(Addresses.SCORE + ".");
                done.tryFail(new StageException(Addresses.FAILED, "no node of the cluster serves " + address
                    + " (after " + tried + " attempt(s))" + (llmStage ? ": LLM explanations and scorers are"
                    + " served only by nodes with llm-base-url and model in their config" : "")));
            } else {
                done.tryFail(new StageException(Addresses.FAILED, address + ": " + (lost
                    ? "no answer after " + tried + " attempt(s) (" + err.getMessage() + ")"
                    : String.valueOf(err.getMessage()))));
            }
        }
    }

    @Override
    public <T extends PipelineMessage> Future<T> ask(String address, PipelineMessage m, long timeoutMs,
                                                     boolean localOnly, Class<T> type) {
        Call<T> call = new Call<>(address, m, timeoutMs, localOnly, type);
        call.attempt();
        return call.done.future();
    }
}

package dev.augur.llm;

import dev.augur.AugurException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * {@link LlmClient} for OpenAI-compatible servers (SPEC 9) on a Vert.x WebClient: chat completions,
 * and the legacy completions endpoint for prompt log-probabilities ({@link CompletionsProtocol}).
 *
 * <p>One client is one budget: at most {@code concurrency} HTTP attempts in flight at each of its
 * endpoints (several base URLs serving the same model; see {@link Endpoints} for which one gets
 * an attempt), new calls queued FIFO, attempt starts spaced by {@code requestsPerMinute} over all. Retryable failures (429,
 * 5xx, timeouts, connection errors, unusable 2xx bodies) wait a full-jitter exponential backoff
 * (or {@code Retry-After}) WITHOUT holding a slot, then go to the head of the queue.
 *
 * <p>Outages: each endpoint's {@link EndpointCircuit} watches the outcomes of its attempts. After
 * {@code failureThreshold} refused connections or 5xx answers in a row it opens: the endpoint is
 * out of rotation, and the failure that opened it and those of attempts still in flight there do
 * not use up their requests' retries (they go to another endpoint, or wait). One probe (the
 * request at the head of the queue) is sent there after 1 s, then after doubling delays up to
 * {@code probeMaxMs}; the first answer that is not a 5xx closes the circuit and the endpoint is
 * back in rotation. While every endpoint is out, requests wait; one that has waited so for
 * {@code maxOutageMs} in all fails, so dead endpoints still end the run. Timeouts neither open nor close the circuit (see {@link EndpointCircuit.Signal}).
 *
 * <p>Why not vertx-circuit-breaker: an open breaker there fails calls at once, which would fail
 * the very latents this is meant to keep; here calls must wait, inside the scheduler that
 * already owns the queue, the slots and the retries.
 *
 * <p>Threading: the scheduler state lives on one Vert.x context, the one current when the client
 * is built (a fresh event-loop context when built outside Vert.x), so it needs no locks and never
 * blocks. {@link #chat} may be called from any thread; its future completes on that context.
 * Callers must not block in its callbacks. {@link #close()} before closing the Vertx instance.
 *
 * <p>The API key is only ever put in the {@code Authorization} header: it is not in
 * {@link #toString()}, and it is redacted from every exception message and body excerpt.
 */
public final class OpenAiClient implements LlmClient {
    private static final System.Logger LOG = System.getLogger("dev.augur.llm");
    /** Outage deadlines are checked in batches at least this far apart. */
    private static final long SWEEP_MIN_MS = 100;

    private final Vertx vertx;
    private final Context context;
    private final WebClient web;
    private final LlmConfig config;
    private final String apiKey; // null when none
    private final LongSupplier clock;
    private final Random random;
    private final LlmUsage usage = new LlmUsage();
    private final long spacingNanos;
    private volatile boolean closed;
    private volatile boolean down; // mirrors endpoints.allDown() for other threads

    // Scheduler state, only touched on `context`.
    private final ArrayDeque<QueuedCall> queue = new ArrayDeque<>();
    private long nextStartNanos;
    private boolean wakePending;
    private final Endpoints endpoints;
    private long probeTimer = -1;
    private long probeTimerAt; // System.nanoTime() when it fires
    private long sweepTimer = -1;
    private long sweepMark; // the outage mark of the oldest job the pending sweep is for
    private String lastDownError = "none";

    public OpenAiClient(Vertx vertx, LlmConfig config, Optional<String> apiKey) {
        this(vertx, config, apiKey, System::currentTimeMillis, new Random());
    }

    /** @param clock wall-clock millis, for {@code Retry-After} dates; {@code random} draws the jitter. */
    public OpenAiClient(Vertx vertx, LlmConfig config, Optional<String> apiKey, LongSupplier clock,
                        Random random) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.apiKey = apiKey.map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
        if (this.apiKey != null && !this.apiKey.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // Checked here because Vert.x's header validation would quote the value in its error.
            throw new AugurException("llm: the API key in $" + config.apiKeyEnv()
                + " contains spaces, control or non-ASCII characters");
        }
        this.spacingNanos = config.requestsPerMinute() == 0 ? 0 : 60_000_000_000L / config.requestsPerMinute();
        this.nextStartNanos = System.nanoTime();
        this.endpoints = new Endpoints(config, usage, System::nanoTime);
        this.context = vertx.getOrCreateContext();
        int connectMs = (int) Math.min(Integer.MAX_VALUE, config.requestTimeoutMs());
        // Pool headroom: a timed-out attempt's connection may still be closing when its slot is
        // reused; the new attempt must not wait for a pooled connection (that eats its timeout).
        this.web = WebClient.create(vertx,
            new WebClientOptions().setUserAgent("augur").setConnectTimeout(connectMs).setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(config.concurrency() * 2));
    }

    /** A client whose key is read from the process environment ({@code config.apiKeyEnv()}). */
    public static OpenAiClient fromEnvironment(Vertx vertx, LlmConfig config) {
        return new OpenAiClient(vertx, config, config.resolveApiKey(System.getenv()));
    }

    public LlmConfig config() {
        return config;
    }

    @Override
    public LlmUsage usage() {
        return usage;
    }

    @Override
    public boolean endpointDown() {
        return down;
    }

    @Override
    public Future<ChatResponse> chat(ChatRequest request) {
        Objects.requireNonNull(request, "request");
        return submit(new QueuedCall(OpenAiProtocol.requestBody(request, config).toBuffer(), e -> e.chatUrl,
            OpenAiProtocol::parseResponse)).map(ChatResponse.class::cast);
    }

    /** Sent to each endpoint's {@code /completions}, with the same queue, limits and retries as chat. */
    @Override
    public Future<CompletionResponse> complete(CompletionRequest request) {
        Objects.requireNonNull(request, "request");
        int prompts = request.prompts().size();
        return submit(new QueuedCall(CompletionsProtocol.requestBody(request, config).toBuffer(),
            e -> e.completionsUrl, body -> CompletionsProtocol.parseResponse(body, prompts)))
            .map(CompletionResponse.class::cast);
    }

    private Future<LlmAnswer> submit(QueuedCall job) {
        if (closed) {
            fail(job, -1, "the LLM client is closed");
            return job.promise.future();
        }
        onContext(() -> {
            if (closed) {
                fail(job, -1, "the LLM client is closed");
            } else {
                enqueue(job, false);
                pump();
            }
        });
        return job.promise.future();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // In-flight attempts fail when the WebClient closes; waiting retries fail when they wake.
        onContext(() -> {
            if (endpoints.allDown()) {
                usage.addOutageMs(endpoints.currentOutageMs());
                down = false;
            }
            cancelTimers();
            for (QueuedCall job = queue.pollFirst(); job != null; job = queue.pollFirst()) {
                fail(job, -1, "the LLM client was closed");
            }
            web.close();
        });
    }

    @Override
    public String toString() {
        return "OpenAiClient[endpoint=" + endpoints + ", model=" + config.model() + ", apiKey="
            + (apiKey == null ? "none" : "set from $" + config.apiKeyEnv()) + ", concurrency="
            + config.concurrency() + ", requestsPerMinute=" + config.requestsPerMinute() + "]";
    }

    private void onContext(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    /**
     * Starts queued jobs while an endpoint has a free slot and the rate spacing allows: the head
     * job goes as the probe of an endpoint out of rotation whose probe is due, else to the least
     * busy endpoint in rotation.
     */
    private void pump() {
        while (!queue.isEmpty()) {
            Endpoint target = endpoints.dueProbe();
            boolean asProbe = target != null;
            if (target == null) {
                target = endpoints.leastBusy();
            }
            if (target == null) {
                long wait = endpoints.msUntilProbe();
                if (wait > 0) {
                    wakeForProbe(wait);
                }
                return; // every slot busy, or a probe in flight: the ends of attempts pump again
            }
            if (spacingNanos > 0) {
                long now = System.nanoTime();
                long wait = nextStartNanos - now;
                if (wait > 0) {
                    wakeAfter(wait);
                    return;
                }
                nextStartNanos = now + spacingNanos;
            }
            QueuedCall job = queue.pollFirst();
            if (asProbe && target.circuit.tryStartProbe()) {
                target.probe = job;
            }
            attempt(job, target);
        }
    }

    /** One timer, for the earliest probe due (another endpoint's may come due sooner). */
    private void wakeForProbe(long ms) {
        long at = System.nanoTime() + ms * 1_000_000;
        if (probeTimer >= 0 && at - probeTimerAt >= 0) {
            return;
        }
        if (probeTimer >= 0) {
            vertx.cancelTimer(probeTimer);
        }
        probeTimerAt = at;
        probeTimer = vertx.setTimer(Math.max(1, ms), id -> onContext(() -> {
            probeTimer = -1;
            pump();
        }));
    }

    /**
     * Puts a job in the queue. While every endpoint is down it waits there for one, up to
     * {@code maxOutageMs} over its lifetime, after which it fails. Returns false when it failed.
     */
    private boolean enqueue(QueuedCall job, boolean first) {
        if (job.outageMark < 0) {
            job.outageMark = endpoints.outageNanos();
        }
        if (endpoints.allDown()) {
            if (waitedMs(job) >= config.maxOutageMs()) {
                failOutage(job);
                return false;
            }
            if (sweepTimer < 0 || job.outageMark < sweepMark) {
                scheduleSweep(job.outageMark); // none pending, or this job's deadline comes first
            }
        }
        if (first) {
            queue.addFirst(job);
        } else {
            queue.addLast(job);
        }
        return true;
    }

    /** Milliseconds the job has spent while the endpoint was down. */
    private long waitedMs(QueuedCall job) {
        return (endpoints.outageNanos() - job.outageMark) / 1_000_000;
    }

    /** A timer for the first outage deadline, that of the job with the oldest mark (replaces any). */
    private void scheduleSweep(long oldestMark) {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        sweepMark = oldestMark;
        long left = config.maxOutageMs() - (endpoints.outageNanos() - oldestMark) / 1_000_000;
        // At least SWEEP_MIN_MS apart, so jobs arriving during a long outage cost few scans.
        sweepTimer = vertx.setTimer(Math.max(SWEEP_MIN_MS, left), id -> onContext(this::sweep));
    }

    /** Fails the queued jobs that have waited out {@code maxOutageMs}; plans the next sweep. */
    private void sweep() {
        sweepTimer = -1;
        if (closed || !endpoints.allDown()) {
            return;
        }
        List<QueuedCall> expired = new ArrayList<>();
        for (var it = queue.iterator(); it.hasNext(); ) {
            QueuedCall job = it.next();
            if (waitedMs(job) >= config.maxOutageMs()) {
                expired.add(job);
                it.remove();
            }
        }
        if (!queue.isEmpty()) {
            scheduleSweep(oldestMark());
        }
        // Failed last: their callbacks may call chat() and so enter the queue again.
        expired.forEach(this::failOutage);
    }

    private long oldestMark() {
        long oldest = Long.MAX_VALUE;
        for (QueuedCall job : queue) {
            oldest = Math.min(oldest, job.outageMark);
        }
        return oldest;
    }

    private void failOutage(QueuedCall job) {
        fail(job, job.lastStatus, String.format(Locale.ROOT, "the endpoint was unreachable for %.1f s"
            + " (requests wait at most %d ms for it, see --llm-max-outage); last error: %s",
            waitedMs(job) / 1000.0, config.maxOutageMs(),
            job.lastError != null ? job.lastError : lastDownError));
    }

    private void cancelTimers() {
        if (probeTimer >= 0) {
            vertx.cancelTimer(probeTimer);
            probeTimer = -1;
        }
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
            sweepTimer = -1;
        }
    }

    /** Reports circuit transitions: counters, the monitoring flag, one log line each. */
    private void observe(Endpoint e, Endpoints.Changes changes, AttemptOutcome outcome) {
        if (outcome.signal() == EndpointCircuit.Signal.DOWN) {
            lastDownError = outcome.message();
        }
        String others = endpoints.all().size() == 1 ? "" : endpoints.allDown()
            ? "; every endpoint is down" : "; the other endpoints take its requests";
        if (changes.endpoint() == EndpointCircuit.Change.OPENED) {
            usage.countCircuitOpening();
            int n = config.failureThreshold();
            LOG.log(System.Logger.Level.WARNING, "LLM endpoint " + e + " looks down after "
                + (n == 1 ? "a failure" : n + " failures in a row") + " (last: " + outcome.message()
                + "); holding its requests and probing it" + others);
        } else if (changes.endpoint() == EndpointCircuit.Change.CLOSED) {
            LOG.log(System.Logger.Level.INFO, String.format(Locale.ROOT,
                "LLM endpoint %s answers again after %.1f s down; resuming", e,
                e.circuit.lastOutageMs() / 1000.0));
        }
        if (changes.service() == EndpointCircuit.Change.OPENED) {
            down = true;
            if (!queue.isEmpty()) {
                scheduleSweep(oldestMark()); // jobs requeued later check their own deadline
            }
        } else if (changes.service() == EndpointCircuit.Change.CLOSED) {
            down = false;
            cancelTimers();
            usage.addOutageMs(endpoints.lastOutageMs());
        }
    }

    private void wakeAfter(long nanos) {
        if (!wakePending) {
            wakePending = true;
            vertx.setTimer(Math.max(1, (nanos + 999_999) / 1_000_000), id -> onContext(() -> {
                wakePending = false;
                pump();
            }));
        }
    }

    private void attempt(QueuedCall job, Endpoint target) {
        int n = ++job.attempts;
        job.attemptOpen = true;
        job.at = target;
        target.inFlight++;
        target.usage.attemptStarted();
        usage.countRequest();
        long timeoutMs = config.requestTimeoutMs();
        // Our own deadline bounds the whole attempt; the request timeout below makes Vert.x drop
        // the connection of a server that stays silent, so the HTTP request does not linger.
        long timer = vertx.setTimer(timeoutMs, id -> onContext(() -> end(job, n, AttemptOutcome.failure(
            true, -1, "no answer within " + timeoutMs + " ms (request timeout)", -1,
            EndpointCircuit.Signal.TIMEOUT))));
        Future<HttpResponse<Buffer>> sent;
        try {
            HttpRequest<Buffer> req = web.postAbs(job.url.apply(target)).timeout(timeoutMs)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
            if (apiKey != null) {
                req.putHeader("Authorization", "Bearer " + apiKey);
            }
            sent = req.sendBuffer(job.body);
        } catch (RuntimeException e) {
            sent = Future.failedFuture(e);
        }
        sent.onComplete(ar -> onContext(() -> {
            vertx.cancelTimer(timer);
            end(job, n, AttemptOutcome.classify(ar, config, apiKey, clock.getAsLong(), job.parser));
        }));
    }

    /** Ends attempt {@code n} of {@code job} once (the deadline and the response race). */
    private void end(QueuedCall job, int n, AttemptOutcome outcome) {
        if (n != job.attempts || !job.attemptOpen) {
            return;
        }
        job.attemptOpen = false;
        Endpoint at = job.at;
        at.inFlight--;
        at.usage.attemptEnded(outcome.response() == null);
        boolean wasProbe = job == at.probe;
        if (wasProbe) {
            at.probe = null;
        }
        if (!closed) {
            observe(at, endpoints.record(at, outcome.signal(), wasProbe), outcome);
        }
        if (outcome.response() != null) {
            usage.addTokens(outcome.response().promptTokens(), outcome.response().completionTokens());
            job.promise.tryComplete(outcome.response());
            pump();
            return;
        }
        job.lastStatus = outcome.status();
        job.lastError = outcome.message();
        if (closed) {
            fail(job, outcome.status(), "the LLM client was closed (last error: " + outcome.message() + ")");
        } else if (outcome.signal() == EndpointCircuit.Signal.DOWN && !at.circuit.isClosed()) {
            // The outage's failure, not the request's: it goes to another endpoint, or waits for
            // one, with its retries intact. A failed probe goes to the back, so that one bad
            // prompt (a 500 for that prompt alone) cannot be the probe every time and keep the
            // circuit open.
            job.waived++;
            if (enqueue(job, !wasProbe)) {
                usage.countRetry();
            }
        } else if (!outcome.retryable() || job.charged() > config.maxRetries()) {
            fail(job, outcome.status(), outcome.message());
        } else {
            usage.countRetry();
            long wait = outcome.retryAfterMs() >= 0
                ? Math.min(outcome.retryAfterMs(), config.maxBackoffMs())
                : random.nextLong(OpenAiProtocol.backoffCapMs(job.charged(), config.initialBackoffMs(),
                    config.maxBackoffMs()) + 1);
            vertx.setTimer(Math.max(1, wait), id -> onContext(() -> {
                if (closed) {
                    fail(job, outcome.status(), "the LLM client was closed");
                } else {
                    enqueue(job, true); // it has waited already: ahead of new calls
                    pump();
                }
            }));
        }
        pump();
    }

    private void fail(QueuedCall job, int status, String message) {
        usage.countFailure();
        String text = "LLM request to " + (job.at != null ? job.lastUrl() : endpoints) + " (model " + config.model() + ") failed after "
            + job.attempts + (job.attempts == 1 ? " attempt: " : " attempts: ") + message;
        job.promise.tryFail(new LlmException(redact(text), status, job.attempts));
    }

    private String redact(String s) {
        return AttemptOutcome.redact(apiKey, s);
    }
}

package dev.augur.api;

import dev.augur.cache.LatentCache;
import dev.augur.llm.LlmClient;
import dev.augur.pipeline.LocalRun;
import dev.augur.pipeline.RunObserver;
import dev.augur.config.RunPlan;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.record.RecordUnits;
import dev.augur.run.LatentResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The Java twin of delphi's notebook flow: a cache and a latent selection, an explanation
 * source, scorers with optional hooks, N latents in parallel, results as a stream of typed
 * objects. It runs on the same verticles as {@code augur run} (deployed in one Vert.x
 * instance), so it writes the same run folder and resumes the same way; without
 * {@code output(...)} that folder is a temporary one, removed at {@link #close}. Build one
 * with {@link #builder()}; see the README for an example.
 */
public final class AugurPipeline implements AutoCloseable {
    /** How long {@link #close} waits for a stopped run's stages to go. */
    private static final long STOP_WAIT_S = 30;
    private static final Object END = new Object();

    private final RunPlan plan;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final LlmClient client;
    private final boolean ownsClient;
    private final Path temporary;
    private final long selected;
    private volatile RecordStats stats = new RecordStats();
    private volatile LocalRun.Started running;

    /** A result waiting for the consumer; taking it gives its latent's credit back. */
    private record Pending(LatentResult result, Promise<Void> taken) {
    }

    AugurPipeline(RunPlan plan, LlmClient givenClient, Vertx givenVertx, Path temporary) {
        this.plan = plan;
        this.temporary = temporary;
        // the cache and the selection are checked here, not halfway through a run
        this.selected = RecordUnits.countSelected(LatentCache.open(plan.cache()), plan.records());
        this.ownsVertx = givenVertx == null;
        this.vertx = ownsVertx ? Vertx.vertx() : givenVertx;
        this.ownsClient = givenClient == null && plan.llm() != null;
        this.client = givenClient != null ? givenClient
            : plan.llm() == null ? null : dev.augur.llm.LlmClients.fromEnvironment(vertx, plan.llm());
    }

    public static AugurPipelineBuilder builder() {
        return new AugurPipelineBuilder();
    }

    /** The number of latents selected, known before the run (for progress displays). */
    public long countSelected() {
        return selected;
    }

    /** The record counts of the last run (empty before one ends). */
    public RecordStats stats() {
        return stats;
    }

    /** The run as the pipeline executes it (what run_config.json records). */
    public RunPlan plan() {
        return plan;
    }

    /**
     * Runs to the end, calling {@code onRecord} for each record built and {@code onResult} for
     * each latent (on a Vert.x thread: they must not block). Call it from a plain thread.
     */
    public void runAll(Consumer<LatentRecord> onRecord, Consumer<LatentResult> onResult)
        throws InterruptedException {
        LocalRun.Started started = LocalRun.start(vertx, plan, client, new RunObserver() {
            @Override
            public void onRecord(LatentRecord record) {
                onRecord.accept(record);
            }

            @Override
            public void onResult(LatentResult result) {
                onResult.accept(result);
            }

            @Override
            public void onFinished(RecordStats s, Throwable error) {
                stats = s;
            }
        });
        running = started;
        started.outcome().await();
    }

    /**
     * Runs in the background and returns results as they complete (not in latent order). A
     * latent's credit comes back when its result is taken, so at most {@code parallelism}
     * latents are in flight or waiting to be read: a slow consumer slows the run. The stream
     * ends when every selected latent is done; an error ends it with that error. Closing the
     * stream (or the pipeline) stops the run.
     */
    public Stream<LatentResult> run() {
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        LocalRun.Started started = LocalRun.start(vertx, plan, client, new RunObserver() {
            @Override
            public Future<Void> taken(LatentResult result) {
                Promise<Void> taken = Promise.promise();
                queue.add(new Pending(result, taken));
                return taken.future();
            }

            @Override
            public void onFinished(RecordStats s, Throwable error) {
                stats = s;
            }
        });
        running = started;
        started.outcome().onComplete(ar -> queue.add(ar.succeeded() ? END : ar.cause()));
        Iterator<LatentResult> it = new Iterator<>() {
            private Object next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    try {
                        next = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        next = END;
                    }
                }
                if (next instanceof Throwable e) {
                    next = END;
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e.toString(), e);
                }
                return next != END;
            }

            @Override
            public LatentResult next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Pending p = (Pending) next;
                next = null;
                p.taken().tryComplete();
                return p.result();
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.NONNULL), false)
            .onClose(this::stop);
    }

    /** Stops a run still going (an abandoned stream) and waits for its stages to go. */
    private void stop() {
        LocalRun.Started r = running;
        if (r != null && !r.outcome().isComplete()) {
            try {
                r.stop().toCompletionStage().toCompletableFuture().get(STOP_WAIT_S, TimeUnit.SECONDS);
            } catch (Exception e) {
                // closing goes on: the Vert.x instance and the client are closed next
            }
        }
    }

    /** Stops a run still going, then releases the client and the Vert.x instance it opened and the temporary folder. */
    @Override
    public void close() {
        stop();
        if (ownsClient && client != null) {
            client.close();
        }
        try {
            if (ownsVertx) {
                vertx.close().toCompletionStage().toCompletableFuture().get(STOP_WAIT_S, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // its threads end with the JVM all the same
        }
        if (temporary != null) {
            try {
                deleteTree(temporary);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot remove the temporary run folder " + temporary, e);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.augur.api;

import dev.augur.record.LatentRecord;
import dev.augur.record.RecordSource;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentProcessor;
import dev.augur.run.LatentResult;
import dev.augur.run.LatentRunner;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The Java twin of delphi's notebook flow: a cache and a latent selection, an explanation
 * source, scorers with optional hooks, N latents in parallel, results as a stream of typed
 * objects. Build one with {@link #builder()}; see the README for an example.
 */
public final class AugurPipeline implements AutoCloseable {
    private static final Object END = new Object();

    private final RecordSource source;
    private final LatentProcessor processor;
    private final int parallelism;
    private final AutoCloseable resources;
    private volatile Thread producer;

    AugurPipeline(RecordSource source, LatentProcessor processor, int parallelism,
                  AutoCloseable resources) {
        this.source = source;
        this.processor = processor;
        this.parallelism = parallelism;
        this.resources = resources;
    }

    public static AugurPipelineBuilder builder() {
        return new AugurPipelineBuilder();
    }

    /** The number of latents selected, known before the run (for progress displays). */
    public long countSelected() {
        return source.countSelected();
    }

    public RecordStats stats() {
        return source.stats();
    }

    /** Runs to the end, calling {@code onRecord} for each record built and {@code onResult} for each latent. */
    public void runAll(Consumer<LatentRecord> onRecord, Consumer<LatentResult> onResult)
        throws InterruptedException {
        new LatentRunner(source, processor, parallelism).run(onRecord, onResult);
    }

    /**
     * Runs in a background thread and returns results as they complete (not in latent order).
     * The stream ends when every selected latent is done; an error ends it with that error.
     */
    public Stream<LatentResult> run() {
        // Results wait here for the consumer; a latent is admitted only while fewer than
        // 2 x parallelism results are unconsumed, so a slow consumer slows the pipeline.
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Semaphore unconsumed = new Semaphore(2 * parallelism);
        Thread producer = new Thread(() -> {
            Object last = END;
            try {
                new LatentRunner(source, processor, parallelism).run(r -> { }, queue::add,
                    unconsumed::acquire);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                last = e;
            } catch (Error e) { // e.g. a native library failing: end the stream, do not hang it
                last = new IllegalStateException(e.toString(), e);
            }
            queue.add(last);
        }, "augur-pipeline");
        producer.setDaemon(true);
        this.producer = producer;
        producer.start();
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
                if (next instanceof RuntimeException e) {
                    next = END;
                    throw e;
                }
                return next != END;
            }

            @Override
            public LatentResult next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                LatentResult r = (LatentResult) next;
                next = null;
                unconsumed.release();
                return r;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it,
            Spliterator.NONNULL), false).onClose(producer::interrupt);
    }

    @Override
    public void close() throws Exception {
        Thread p = producer;
        if (p != null) { // an abandoned stream: stop reading, then release the resources
            p.interrupt();
            p.join(10_000);
        }
        resources.close();
    }
}

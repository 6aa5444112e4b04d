package dev.augur.run;

import dev.augur.record.LatentRecord;
import dev.augur.record.RecordSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Feeds records to a processor with at most {@code maxInFlight} latents in flight: the record
 * builder blocks on the bound, so a slow LLM slows the reader instead of filling memory. Must
 * be called from a plain thread (it blocks), never from an event loop.
 */
public final class LatentRunner {
    private final RecordSource source;
    private final LatentProcessor processor;
    private final int maxInFlight;

    public LatentRunner(RecordSource source, LatentProcessor processor, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new dev.augur.AugurException("--max-latents-in-flight must be at least 1");
        }
        this.source = source;
        this.processor = processor;
        this.maxInFlight = maxInFlight;
    }

    /** Waits, on the reading thread, before a latent is admitted (a consumer's own bound). */
    @FunctionalInterface
    public interface Admission {
        void await() throws InterruptedException;
    }

    public void run(Consumer<LatentRecord> onRecord, Consumer<LatentResult> onResult)
        throws InterruptedException {
        run(onRecord, onResult, () -> { });
    }

    /**
     * Runs every selected latent; {@code onRecord} sees each record built (skipped ones too),
     * {@code onResult} each processed latent's result (on a Vert.x thread: it must not block).
     * Returns when all are done.
     */
    public void run(Consumer<LatentRecord> onRecord, Consumer<LatentResult> onResult,
                    Admission admission) throws InterruptedException {
        Semaphore inFlight = new Semaphore(maxInFlight);
        try {
            source.forEachBatch(batch -> admit(batch.records(), onRecord, onResult, admission, inFlight));
        } catch (Stopped e) {
            throw e.cause;
        }
        inFlight.acquire(maxInFlight); // wait for the last latents
        inFlight.release(maxInFlight);
    }

    /** Carries an interrupt out of the record builder, which stops reading at once. */
    private static final class Stopped extends RuntimeException {
        final InterruptedException cause;

        Stopped(InterruptedException cause) {
            super(null, null, false, false);
            this.cause = cause;
        }
    }

    private void admit(List<LatentRecord> records, Consumer<LatentRecord> onRecord,
                   Consumer<LatentResult> onResult, Admission admission, Semaphore inFlight) {
        for (LatentRecord r : records) {
            onRecord.accept(r);
            if (r.isSkipped()) {
                continue;
            }
            try {
                admission.await();
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped(e);
            }
            processor.process(r).onComplete(ar -> {
                try {
                    onResult.accept(ar.succeeded() ? ar.result() : new LatentResult(r, null,
                        Map.of(), LatentResult.Status.FAILED, String.valueOf(ar.cause())));
                } finally {
                    inFlight.release();
                }
            });
        }
    }
}

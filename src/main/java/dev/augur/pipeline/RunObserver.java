package dev.augur.pipeline;

import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;

/**
 * What a coordinator reports about its run: each record built (skipped ones too), each
 * latent's result, and the end. Results and the end arrive on the coordinator's event loop
 * (those must not block); records on a worker, one unit at a time, so they may write files.
 */
public interface RunObserver {
    default void onRecord(LatentRecord record) {
    }

    default void onResult(LatentResult result) {
    }

    /**
     * Completes when the caller has taken the result: until then the latent holds its credit,
     * so a consumer that reads slowly (the Java API's stream) slows the claiming of new work
     * instead of piling up results. At once by default.
     */
    default io.vertx.core.Future<Void> taken(LatentResult result) {
        return io.vertx.core.Future.succeededFuture();
    }

    /**
     * Once, when every unit of the run is done (by this or another coordinator), or with the
     * error that stopped this coordinator; {@code stats} counts this coordinator's units.
     */
    void onFinished(RecordStats stats, Throwable error);

    /** Completes once what {@link #onFinished} started writing is written (at once if nothing). */
    default io.vertx.core.Future<Void> written() {
        return io.vertx.core.Future.succeededFuture();
    }
}

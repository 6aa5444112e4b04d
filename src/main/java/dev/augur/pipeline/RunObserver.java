package dev.augur.pipeline;

import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;

/**
 * What a coordinator reports about its run, on its event loop (implementations must not
 * block): each record built (skipped ones too), each latent's result, and the end.
 */
public interface RunObserver {
    default void onRecord(LatentRecord record) {
    }

    default void onResult(LatentResult result) {
    }

    /**
     * Once, when every unit of the run is done (by this or another coordinator), or with the
     * error that stopped this coordinator; {@code stats} counts this coordinator's units.
     */
    void onFinished(RecordStats stats, Throwable error);
}

package dev.augur.pipeline;

import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;
import io.vertx.core.Future;

/**
 * An observer that passes everything on to another; subclasses add what they do before
 * (bookkeeping files, the dashboard's state, a promise) and call {@code super}.
 */
public class ForwardingObserver implements RunObserver {
    private final RunObserver next;

    public ForwardingObserver(RunObserver next) {
        this.next = next;
    }

    @Override
    public void onRecord(LatentRecord record) {
        next.onRecord(record);
    }

    @Override
    public void onResult(LatentResult result) {
        next.onResult(result);
    }

    @Override
    public Future<Void> taken(LatentResult result) {
        return next.taken(result);
    }

    @Override
    public void onFinished(RecordStats stats, Throwable error) {
        next.onFinished(stats, error);
    }

    @Override
    public Future<Void> written() {
        return next.written();
    }
}

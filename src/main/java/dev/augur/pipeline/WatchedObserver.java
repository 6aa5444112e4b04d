package dev.augur.pipeline;

import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;
import dev.augur.serve.RunState;
import io.vertx.core.Future;

/** An observer that also tells the dashboard's {@link RunState} (cheap calls that never wait). */
final class WatchedObserver implements RunObserver {
    private final RunObserver inner;
    private final RunState state;

    WatchedObserver(RunObserver inner, RunState state) {
        this.inner = inner;
        this.state = state;
    }

    /** The run's selected latents, once the coordinator has planned its units. */
    void selected(long n) {
        state.selected(n);
    }

    @Override
    public void onRecord(LatentRecord record) {
        state.record(record);
        inner.onRecord(record);
    }

    @Override
    public void onResult(LatentResult result) {
        state.result(result);
        inner.onResult(result);
    }

    @Override
    public Future<Void> taken(LatentResult result) {
        return inner.taken(result);
    }

    @Override
    public void onFinished(RecordStats stats, Throwable error) {
        state.finished(stats.dead(), error);
        inner.onFinished(stats, error);
    }

    @Override
    public Future<Void> written() {
        return inner.written();
    }
}

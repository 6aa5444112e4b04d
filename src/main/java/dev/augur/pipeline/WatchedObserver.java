package dev.augur.pipeline;

import dev.augur.record.LatentRecord;
import dev.augur.record.RecordStats;
import dev.augur.run.LatentResult;
import dev.augur.serve.RunState;

/** An observer that also tells the dashboard's {@link RunState} (cheap calls that never wait). */
final class WatchedObserver extends ForwardingObserver {
    private final RunState state;

    WatchedObserver(RunObserver inner, RunState state) {
        super(inner);
        this.state = state;
    }

    /** The run's selected latents, once the coordinator has planned its units. */
    void selected(long n) {
        state.selected(n);
    }

    @Override
    public void onRecord(LatentRecord record) {
        state.record(record);
        super.onRecord(record);
    }

    @Override
    public void onResult(LatentResult result) {
        state.result(result);
        super.onResult(result);
    }

    @Override
    public void onFinished(RecordStats stats, Throwable error) {
        state.finished(stats.dead(), error);
        super.onFinished(stats, error);
    }
}

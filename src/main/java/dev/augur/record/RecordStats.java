package dev.augur.record;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts of what a record build saw: selected, dead, too rare, skipped for an empty train set,
 * built (SPEC 3, 8).
 */
public final class RecordStats {
    final AtomicLong selected = new AtomicLong();
    final AtomicLong dead = new AtomicLong();
    final AtomicLong tooRare = new AtomicLong();
    final AtomicLong noTrain = new AtomicLong();
    final AtomicLong built = new AtomicLong();

    /** Adds the counts of a part of the build (a work unit of the actor pipeline). */
    public void add(long selectedLatents, long deadLatents, long tooRareLatents, long builtLatents) {
        selected.addAndGet(selectedLatents);
        dead.addAndGet(deadLatents);
        tooRare.addAndGet(tooRareLatents);
        built.addAndGet(builtLatents);
    }

    /** Counts one sampled record by its outcome: built, or skipped and why. */
    public void count(LatentRecord r) {
        if (!r.isSkipped()) {
            built.incrementAndGet();
        } else if (LatentRecord.NO_TRAIN_EXAMPLES.equals(r.skipped())) {
            noTrain.incrementAndGet();
        } else {
            tooRare.incrementAndGet();
        }
    }

    public long selected() {
        return selected.get();
    }

    public long dead() {
        return dead.get();
    }

    public long tooRare() {
        return tooRare.get();
    }

    /** Latents skipped because sampling left their train set empty. */
    public long noTrainExamples() {
        return noTrain.get();
    }

    public long built() {
        return built.get();
    }

    @Override
    public String toString() {
        return "selected " + selected() + ", dead " + dead() + ", below min_examples " + tooRare()
            + ", no train examples " + noTrainExamples() + ", built " + built();
    }
}

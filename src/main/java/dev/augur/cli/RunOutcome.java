package dev.augur.cli;

import dev.augur.metrics.RunMetrics;
import dev.augur.runfolder.RunLayout;

/**
 * How one run of {@code augur run} ended: its folder, its metrics (null when nothing was
 * scored), how many latents it selected and how many it could not process, and why it stopped
 * at its budget (null: it did not).
 */
record RunOutcome(RunLayout layout, RunMetrics metrics, long selected, long failed,
                  long withoutExplanation, String budgetReached) {
    /** Latents that have no scores from this run: failed, or no explanation to score. */
    long unprocessed() {
        return failed + withoutExplanation;
    }

    /** The one line that goes with exit status {@link Augur#EXIT_BUDGET}. */
    String budgetLine() {
        return "augur: " + layout.dir() + ": " + budgetReached;
    }

    /** The one line that goes with exit status {@link Augur#EXIT_FAILED_LATENTS}. */
    String failureLine() {
        return "augur: " + unprocessed() + " of " + selected + " selected latents were not processed ("
            + failed + " failed, " + withoutExplanation + " without explanation): see the lines above and "
            + layout.runStats() + "; a rerun retries them";
    }
}

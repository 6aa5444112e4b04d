package dev.augur.cli;

import dev.augur.metrics.RunMetrics;
import dev.augur.runfolder.RunLayout;

/**
 * How one run of {@code augur run} ended: its folder, its metrics (null when nothing was
 * scored), how many latents it selected and how many it could not process.
 */
record RunOutcome(RunLayout layout, RunMetrics metrics, long selected, long failed,
                  long withoutExplanation) {
    /** Latents that have no scores from this run: failed, or no explanation to score. */
    long unprocessed() {
        return failed + withoutExplanation;
    }

    /** The one line that goes with exit status {@link Augur#EXIT_FAILED_LATENTS}. */
    String failureLine() {
        return "augur: " + unprocessed() + " of " + selected + " selected latents were not processed ("
            + failed + " failed, " + withoutExplanation + " without explanation): see the lines above and "
            + layout.runStats() + "; a rerun retries them";
    }
}

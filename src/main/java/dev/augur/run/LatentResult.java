package dev.augur.run;

import dev.augur.explain.Explanation;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import java.util.List;
import java.util.Map;

/**
 * What happened to one latent: its record, the explanation used (null when none could be had),
 * the samples of each scorer that ran, and a status.
 */
public record LatentResult(LatentRecord record, Explanation explanation,
                           Map<String, List<ScoreSample>> scores, Status status, String message) {
    /** The outcome of one latent. */
    public enum Status {
        /** Explained and scored in this run. */
        SCORED,
        /** Every output existed already (resumed run); nothing was redone. */
        ALREADY_DONE,
        /** No explanation was available (a missing file is a counted miss). */
        NO_EXPLANATION,
        /** A request or a write failed after its retries. */
        FAILED
    }

    public String name() {
        return record.name();
    }
}

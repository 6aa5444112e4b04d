package dev.augur.run;

import dev.augur.explain.Explanation;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.LatentRecord;
import java.util.List;
import java.util.Map;

/**
 * What happened to one latent: its record, the explanation used (null when none could be had),
 * the samples of each scorer that ran, a status, and the LLM usage of this run's requests for
 * it by stage ("explainer" and scorer names; empty when it sent none).
 */
public record LatentResult(LatentRecord record, Explanation explanation,
                           Map<String, List<ScoreSample>> scores, Status status, String message,
                           Map<String, StageUsage> usage) {
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

    public LatentResult {
        usage = usage == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(usage));
    }

    /** A result without usage (no request was sent for it, or none was counted). */
    public LatentResult(LatentRecord record, Explanation explanation, Map<String, List<ScoreSample>> scores,
                        Status status, String message) {
        this(record, explanation, scores, status, message, Map.of());
    }

    public String name() {
        return record.name();
    }

    /** The usage summed over stages. */
    public StageUsage totalUsage() {
        return usage.values().stream().reduce(StageUsage.NONE, StageUsage::plus);
    }
}

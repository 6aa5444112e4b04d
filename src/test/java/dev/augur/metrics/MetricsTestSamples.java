package dev.augur.metrics;

import java.util.List;

/** Tiny sample builders for the metrics tests. */
final class MetricsTestSamples {
    private MetricsTestSamples() {
    }

    /** An activating sample of quantile q. */
    static ScoreSample act(int q, Boolean prediction, Double probability) {
        return new ScoreSample(List.of(" a"), new float[] {1f}, q, true, prediction, probability,
            prediction == null ? null : prediction);
    }

    /** A non-activating sample (distance -1). */
    static ScoreSample non(Boolean prediction, Double probability) {
        return new ScoreSample(List.of(" b"), new float[] {0f}, -1, false, prediction, probability,
            prediction == null ? null : !prediction);
    }
}

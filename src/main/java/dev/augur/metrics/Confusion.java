package dev.augur.metrics;

import java.util.List;
import java.util.Map;

/**
 * Confusion counts over samples with a non-null prediction, plus the failed (null-prediction)
 * count, and the metrics derived from them (SPEC 8). Every ratio is 0 when its denominator is 0,
 * as delphi's result analysis does, so a latent whose answers all failed scores 0, not NaN.
 */
public record Confusion(long truePositives, long trueNegatives, long falsePositives,
                        long falseNegatives, long failed) {
    public static final Confusion EMPTY = new Confusion(0, 0, 0, 0, 0);

    public static Confusion of(List<ScoreSample> samples) {
        long tp = 0, tn = 0, fp = 0, fn = 0, failed = 0;
        for (ScoreSample s : samples) {
            if (s.prediction() == null) {
                failed++;
            } else if (s.activating()) {
                if (s.prediction()) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (s.prediction()) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Confusion(tp, tn, fp, fn, failed);
    }

    public Confusion plus(Confusion o) {
        return new Confusion(truePositives + o.truePositives, trueNegatives + o.trueNegatives,
            falsePositives + o.falsePositives, falseNegatives + o.falseNegatives, failed + o.failed);
    }

    /** Activating samples with a prediction. */
    public long positives() {
        return truePositives + falseNegatives;
    }

    /** Non-activating samples with a prediction. */
    public long negatives() {
        return trueNegatives + falsePositives;
    }

    public long predicted() {
        return positives() + negatives();
    }

    public double truePositiveRate() {
        return ratio(truePositives, positives());
    }

    public double trueNegativeRate() {
        return ratio(trueNegatives, negatives());
    }

    public double balancedAccuracy() {
        return (truePositiveRate() + trueNegativeRate()) / 2;
    }

    public double precision() {
        return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
        return truePositiveRate();
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double accuracy() {
        return ratio(truePositives + trueNegatives, predicted());
    }

    /** The counts and metrics as JSON fields (snake_case, as delphi names them). */
    void putJson(Map<String, Object> m) {
        m.put("true_positives", truePositives);
        m.put("true_negatives", trueNegatives);
        m.put("false_positives", falsePositives);
        m.put("false_negatives", falseNegatives);
        m.put("failed", failed);
        m.put("positives", positives());
        m.put("negatives", negatives());
        m.put("true_positive_rate", truePositiveRate());
        m.put("true_negative_rate", trueNegativeRate());
        m.put("balanced_accuracy", balancedAccuracy());
        m.put("precision", precision());
        m.put("recall", recall());
        m.put("f1", f1());
        m.put("accuracy", accuracy());
    }

    static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }
}

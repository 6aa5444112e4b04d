package dev.augur.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * ROC AUC of scores against activating / non-activating labels, by the Mann-Whitney statistic:
 * the chance that a random positive outscores a random negative, a tie counting one half (equal
 * to the trapezoid-rule area, and to sklearn's roc_auc_score that delphi uses).
 */
public final class Auc {
    private double[] scores = new double[16];
    private boolean[] positive = new boolean[16];
    private int n;

    /** The AUC of the samples' probabilities; null when none has one or one class is missing. */
    public static Double of(List<ScoreSample> samples) {
        Auc pool = new Auc();
        samples.forEach(pool::add);
        return pool.auc();
    }

    /** Adds a sample when it has a probability (pooling samples over many latents). */
    public void add(ScoreSample s) {
        if (s.probability() != null) {
            add(s.probability(), s.activating());
        }
    }

    public void add(double score, boolean isPositive) {
        if (n == scores.length) {
            scores = Arrays.copyOf(scores, n * 2);
            positive = Arrays.copyOf(positive, n * 2);
        }
        scores[n] = score;
        positive[n++] = isPositive;
    }

    /** Sum of the positives' ranks (ties get their average rank), then U = R - P(P+1)/2. */
    public Double auc() {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        long pos = 0;
        double rankSum = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && scores[order[j]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + 1 + j) / 2.0; // ranks i+1..j
            for (int k = i; k < j; k++) {
                if (positive[order[k]]) {
                    pos++;
                    rankSum += avgRank;
                }
            }
            i = j;
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return null;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}

package dev.augur.metrics;

import java.util.List;

/**
 * The mean score of a score-only latent's activating and non-activating samples. For the
 * example-embedding scorer these are delphi's delta_plus and delta_minus; for the embedding
 * scorer, the mean similarity of each group to the explanation.
 */
public record ScoreMeans(double activating, double nonActivating) {
    /** The example-embedding scorer's folder (delphi's scorer name). */
    public static final String EXAMPLE_EMBEDDING = "example_embedding";

    /** Null unless no sample has a prediction and both groups have a score. */
    public static ScoreMeans of(List<ScoreSample> samples) {
        double[] sum = new double[2];
        int[] n = new int[2];
        for (ScoreSample s : samples) {
            if (s.prediction() != null) {
                return null;
            }
            if (s.probability() != null && Double.isFinite(s.probability())) {
                int g = s.activating() ? 0 : 1;
                sum[g] += s.probability();
                n[g]++;
            }
        }
        return n[0] == 0 || n[1] == 0 ? null : new ScoreMeans(sum[0] / n[0], sum[1] / n[1]);
    }

    /** How a report names the two means of a scorer. */
    public static String[] labels(String scorer) {
        return EXAMPLE_EMBEDDING.equals(scorer)
            ? new String[] {"delta_plus", "delta_minus"}
            : new String[] {"mean score activating", "non-activating"};
    }
}

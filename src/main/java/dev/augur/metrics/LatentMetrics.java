package dev.augur.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The metrics of one latent under one scorer (SPEC 8): confusion counts and their ratios over
 * samples with a prediction, AUC over samples with a probability, and accuracy per quantile of
 * the activating samples and on the non-activating ones.
 *
 * @param perQuantile quantile (the activating samples' {@code distance}) to accuracy
 * @param scored      samples with a probability (a score-only scorer's failures are the others)
 * @param scoreMeans  for a score-only scorer, the mean score of each group; else null
 */
public record LatentMetrics(LatentName latent, int samples, Confusion confusion, Double auc,
                            SortedMap<Integer, Accuracy> perQuantile, Accuracy nonActivating,
                            Double correlation, int scored, ScoreMeans scoreMeans) {
    public LatentMetrics {
        perQuantile = Collections.unmodifiableSortedMap(new TreeMap<>(perQuantile));
    }

    public static LatentMetrics of(LatentName latent, List<ScoreSample> samples) {
        SortedMap<Integer, Accuracy> quantiles = new TreeMap<>();
        Accuracy nonActivating = Accuracy.EMPTY;
        for (ScoreSample s : samples) {
            if (s.prediction() == null) {
                continue;
            }
            boolean right = s.prediction() == s.activating();
            if (!s.activating()) {
                nonActivating = nonActivating.add(right);
            } else if (Double.isFinite(s.distance())) {
                quantiles.merge((int) Math.round(s.distance()), Accuracy.EMPTY.add(right), Accuracy::plus);
            }
        }
        return new LatentMetrics(latent, samples.size(), Confusion.of(samples), Auc.of(samples),
            quantiles, nonActivating, SimulationCorrelation.of(samples),
            (int) samples.stream().filter(s -> s.probability() != null).count(), ScoreMeans.of(samples));
    }

    /**
     * True for a score-only scorer such as embedding: no sample has a prediction but some have a
     * probability, so the AUC is the headline and the classification metrics mean nothing.
     */
    public boolean scoreOnly() {
        return confusion.predicted() == 0 && auc != null;
    }

    public double f1() {
        return confusion.f1();
    }

    public double balancedAccuracy() {
        return confusion.balancedAccuracy();
    }

    public double precision() {
        return confusion.precision();
    }

    public double recall() {
        return confusion.recall();
    }

    public double accuracy() {
        return confusion.accuracy();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latent", latent.fileStem());
        m.put("module", latent.module());
        m.put("index", latent.index());
        m.put("samples", samples);
        confusion.putJson(m);
        m.put("auc", auc);
        m.put("per_quantile", quantilesJson(perQuantile));
        m.put("non_activating", nonActivating.toJson());
        if (correlation != null) {
            m.put("simulation_correlation", correlation);
        }
        if (scoreMeans != null) {
            m.put("mean_score_activating", scoreMeans.activating());
            m.put("mean_score_non_activating", scoreMeans.nonActivating());
        }
        return m;
    }

    static Map<String, Object> quantilesJson(SortedMap<Integer, Accuracy> q) {
        Map<String, Object> m = new LinkedHashMap<>();
        q.forEach((k, v) -> m.put(Integer.toString(k), v.toJson()));
        return m;
    }
}

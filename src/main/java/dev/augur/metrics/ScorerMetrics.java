package dev.augur.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One scorer's metrics over all its latents (SPEC 8). The headline figures come from the summed
 * confusion counts and the AUC pooled over every sample, as delphi's result analysis computes
 * them; {@link Means} gives the per-latent average beside them, since the two differ when latents
 * have different numbers of samples.
 *
 * @param frequencyWeightedF1 per module the latents' F1 weighted by their number of activations,
 *     then averaged over modules; null when no latent's activation count is known
 */
public record ScorerMetrics(String scorer, List<LatentMetrics> latents, Confusion confusion,
                            Double auc, SortedMap<Integer, Accuracy> perQuantile,
                            Accuracy nonActivating, Means mean, Double frequencyWeightedF1) {

    /**
     * Per-latent averages: the classification metrics over latents with at least one prediction
     * (a score-only latent has none), the AUC over latents that have one. Null when no latent counts.
     */
    public record Means(int latents, Double f1, Double balancedAccuracy, Double precision,
                        Double recall, Double accuracy, int latentsWithAuc, Double auc,
                        int latentsWithCorrelation, Double simulationCorrelation,
                        int latentsWithScoreMeans, ScoreMeans scoreMeans) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("latents", latents);
            m.put("f1", f1);
            m.put("balanced_accuracy", balancedAccuracy);
            m.put("precision", precision);
            m.put("recall", recall);
            m.put("accuracy", accuracy);
            m.put("latents_with_auc", latentsWithAuc);
            m.put("auc", auc);
            if (latentsWithCorrelation > 0) {
                m.put("simulation_correlation", simulationCorrelation);
            }
            if (latentsWithScoreMeans > 0) {
                m.put("latents_with_mean_score", latentsWithScoreMeans);
                m.put("mean_score_activating", scoreMeans.activating());
                m.put("mean_score_non_activating", scoreMeans.nonActivating());
            }
            return m;
        }
    }

    /**
     * @param pooled every sample's probability of this scorer, for the overall AUC
     * @param nActivations activations per latent, from latents.jsonl; null when unknown
     */
    public static ScorerMetrics of(String scorer, List<LatentMetrics> latents, Auc pooled,
                                   Map<LatentName, Long> nActivations) {
        Confusion sum = Confusion.EMPTY;
        Accuracy non = Accuracy.EMPTY;
        SortedMap<Integer, Accuracy> quantiles = new TreeMap<>();
        for (LatentMetrics l : latents) {
            sum = sum.plus(l.confusion());
            non = non.plus(l.nonActivating());
            l.perQuantile().forEach((q, a) -> quantiles.merge(q, a, Accuracy::plus));
        }
        Double auc = pooled.auc();
        boolean scoreOnly = ScoreOnlyScorers.named(scorer) || sum.predicted() == 0 && auc != null;
        return new ScorerMetrics(scorer, List.copyOf(latents), sum, auc, quantiles, non,
            means(latents), scoreOnly ? null : frequencyWeightedF1(latents, nActivations));
    }

    /**
     * True for a score-only scorer (embedding, surprisal, ...: by name, or because no sample has a
     * prediction and some have a probability): AUC is its only meaningful figure.
     */
    public boolean scoreOnly() {
        return ScoreOnlyScorers.named(scorer) || confusion.predicted() == 0 && auc != null;
    }

    /** Samples without a probability: a score-only scorer's failures. */
    public long unscored() {
        return latents.stream().mapToLong(l -> l.samples() - l.scored()).sum();
    }

    private static Means means(List<LatentMetrics> latents) {
        double f1 = 0, bacc = 0, prec = 0, rec = 0, acc = 0, auc = 0, corr = 0, plus = 0, minus = 0;
        int n = 0, nAuc = 0, nCorr = 0, nMeans = 0;
        for (LatentMetrics l : latents) {
            if (l.scoreMeans() != null) {
                plus += l.scoreMeans().activating();
                minus += l.scoreMeans().nonActivating();
                nMeans++;
            }
            if (l.correlation() != null) {
                corr += l.correlation();
                nCorr++;
            }
            if (l.auc() != null) {
                auc += l.auc();
                nAuc++;
            }
            if (l.confusion().predicted() > 0) {
                f1 += l.f1();
                bacc += l.balancedAccuracy();
                prec += l.precision();
                rec += l.recall();
                acc += l.accuracy();
                n++;
            }
        }
        return new Means(n, mean(f1, n), mean(bacc, n), mean(prec, n), mean(rec, n), mean(acc, n),
            nAuc, mean(auc, nAuc), nCorr, mean(corr, nCorr), nMeans,
            nMeans == 0 ? null : new ScoreMeans(plus / nMeans, minus / nMeans));
    }

    private static Double mean(double sum, int n) {
        return n == 0 ? null : sum / n;
    }

    /** delphi's frequency_weighted_f1: weighted mean within each module, plain mean over modules. */
    static Double frequencyWeightedF1(List<LatentMetrics> latents, Map<LatentName, Long> nActivations) {
        if (nActivations == null) {
            return null;
        }
        Map<String, double[]> byModule = new TreeMap<>(); // module -> {sum f1*w, sum w}
        for (LatentMetrics l : latents) {
            Long w = nActivations.get(l.latent());
            if (w != null) {
                double[] acc = byModule.computeIfAbsent(l.latent().module(), k -> new double[2]);
                acc[0] += l.f1() * w;
                acc[1] += w;
            }
        }
        double sum = 0;
        int modules = 0;
        for (double[] acc : byModule.values()) {
            if (acc[1] > 0) {
                sum += acc[0] / acc[1];
                modules++;
            }
        }
        return modules == 0 ? null : sum / modules;
    }

    /** The aggregate, then one entry per latent (with its activation count when known). */
    public Map<String, Object> toJson(Map<LatentName, Long> nActivations) {
        Map<String, Object> agg = new LinkedHashMap<>();
        agg.put("latents_scored", latents.size());
        agg.put("score_only", scoreOnly());
        if (scoreOnly()) {
            agg.put("unscored", unscored());
        }
        agg.put("samples", latents.stream().mapToLong(LatentMetrics::samples).sum());
        confusion.putJson(agg);
        agg.put("auc", auc);
        agg.put("per_quantile", LatentMetrics.quantilesJson(perQuantile));
        agg.put("non_activating", nonActivating.toJson());
        agg.put("mean_over_latents", mean.toJson());
        agg.put("frequency_weighted_f1", frequencyWeightedF1);
        List<Map<String, Object>> per = new ArrayList<>(latents.size());
        for (LatentMetrics l : latents) {
            Map<String, Object> m = l.toJson();
            m.put("n_activations", nActivations == null ? null : nActivations.get(l.latent()));
            per.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("aggregate", agg);
        out.put("latents", per);
        return out;
    }
}

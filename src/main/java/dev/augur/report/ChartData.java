package dev.augur.report;

import dev.augur.metrics.Accuracy;
import dev.augur.metrics.LatentMetrics;
import dev.augur.metrics.LatentName;
import dev.augur.metrics.ScoreSample;
import dev.augur.metrics.ScorerMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data the page's script draws for one scorer, as JSON-ready maps and lists. */
final class ChartData {
    /** Most points kept on a ROC curve; more are thinned evenly (the ends are always kept). */
    static final int MAX_ROC_POINTS = 400;

    private ChartData() {
    }

    /**
     * @param pooled (probability, activating) of every sample with a probability
     * @param nActivations activations per latent; null when unknown
     */
    static Map<String, Object> of(ScorerMetrics s, List<double[]> pooled, Map<LatentName, Long> nActivations) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.scorer());
        boolean scoreOnly = s.scoreOnly();
        m.put("histLabel", scoreOnly ? "AUC" : "accuracy");
        List<Double> hist = new ArrayList<>();
        for (LatentMetrics l : s.latents()) {
            if (scoreOnly) {
                if (l.auc() != null) {
                    hist.add(l.auc());
                }
            } else if (l.confusion().predicted() > 0) {
                hist.add(l.accuracy());
            }
        }
        m.put("hist", hist);
        m.put("auc", s.auc());
        m.put("roc", s.auc() == null ? null : roc(pooled));
        List<Map<String, Object>> quantiles = new ArrayList<>();
        if (!scoreOnly) {
            s.perQuantile().forEach((q, a) -> quantiles.add(bar(Integer.toString(q), a)));
            if (!quantiles.isEmpty() && s.nonActivating().count() > 0) {
                quantiles.add(bar("non", s.nonActivating()));
            }
        }
        m.put("quantiles", quantiles);
        List<Map<String, Object>> scatter = new ArrayList<>();
        if (!scoreOnly && nActivations != null) {
            for (LatentMetrics l : s.latents()) {
                Long n = nActivations.get(l.latent());
                if (n != null && n > 0 && l.confusion().predicted() > 0) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("latent", l.latent().fileStem());
                    p.put("n", n);
                    p.put("f1", l.f1());
                    scatter.add(p);
                }
            }
        }
        m.put("scatter", scatter);
        return m;
    }

    private static Map<String, Object> bar(String label, Accuracy a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("accuracy", a.accuracy());
        m.put("correct", a.correct());
        m.put("count", a.count());
        return m;
    }

    /** Adds the samples that have a probability to the pool. */
    static void pool(List<double[]> into, List<ScoreSample> samples) {
        for (ScoreSample s : samples) {
            if (s.probability() != null && Double.isFinite(s.probability())) {
                into.add(new double[] {s.probability(), s.activating() ? 1 : 0});
            }
        }
    }

    /**
     * ROC points (false positive rate, true positive rate) from the highest threshold down, one
     * point per distinct probability; null when either class is missing.
     */
    static List<double[]> roc(List<double[]> pooled) {
        double[][] a = pooled.toArray(new double[0][]);
        Arrays.sort(a, (x, y) -> Double.compare(y[0], x[0]));
        long pos = Arrays.stream(a).filter(x -> x[1] == 1).count();
        long neg = a.length - pos;
        if (pos == 0 || neg == 0) {
            return null;
        }
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {0, 0});
        long tp = 0, fp = 0;
        for (int i = 0; i < a.length; ) {
            int j = i;
            while (j < a.length && a[j][0] == a[i][0]) {
                if (a[j][1] == 1) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            pts.add(new double[] {(double) fp / neg, (double) tp / pos});
            i = j;
        }
        if (pts.size() <= MAX_ROC_POINTS) {
            return pts;
        }
        List<double[]> thin = new ArrayList<>(MAX_ROC_POINTS);
        for (int k = 0; k < MAX_ROC_POINTS; k++) {
            thin.add(pts.get((int) Math.round((double) k * (pts.size() - 1) / (MAX_ROC_POINTS - 1))));
        }
        return thin;
    }
}

package dev.augur.serve;

import dev.augur.metrics.ScoreOnlyScorers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per scorer, over the latents scored so far: how many, the mean F1, accuracy and AUC, and a
 * histogram of the headline figure (F1, or AUC for a score-only scorer) in ten bins of 0.1.
 */
final class ScorerSummary {
    static final int BINS = 10;

    private ScorerSummary() {
    }

    static Map<String, Object> of(List<Map<String, Object>> rows) {
        Map<String, double[]> sums = new LinkedHashMap<>(); // f1, n, acc, n, auc, n
        Map<String, int[]> hist = new LinkedHashMap<>();
        Map<String, Boolean> scoreOnly = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            if (!(row.get("scores") instanceof Map<?, ?> scores)) {
                continue;
            }
            scores.forEach((k, v) -> {
                String scorer = String.valueOf(k);
                Map<?, ?> s = (Map<?, ?>) v;
                double[] t = sums.computeIfAbsent(scorer, x -> new double[6]);
                add(t, 0, s.get("f1"));
                add(t, 2, s.get("accuracy"));
                add(t, 4, s.get("auc"));
                boolean only = s.get("f1") == null && (s.get("auc") != null || ScoreOnlyScorers.named(scorer));
                scoreOnly.merge(scorer, only, Boolean::logicalAnd);
                Object headline = only ? s.get("auc") : s.get("f1");
                if (headline instanceof Number n) {
                    int bin = (int) Math.min(BINS - 1, Math.max(0, Math.floor(n.doubleValue() * BINS)));
                    hist.computeIfAbsent(scorer, x -> new int[BINS])[bin]++;
                }
            });
        }
        Map<String, Object> out = new LinkedHashMap<>();
        sums.forEach((scorer, t) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("latents", (long) Math.max(t[1], Math.max(t[3], t[5])));
            m.put("f1", t[1] == 0 ? null : t[0] / t[1]);
            m.put("accuracy", t[3] == 0 ? null : t[2] / t[3]);
            m.put("auc", t[5] == 0 ? null : t[4] / t[5]);
            m.put("histogram_of", Boolean.TRUE.equals(scoreOnly.get(scorer)) ? "auc" : "f1");
            m.put("histogram", hist.getOrDefault(scorer, new int[BINS]));
            out.put(scorer, m);
        });
        return out;
    }

    private static void add(double[] t, int at, Object v) {
        if (v instanceof Number n) {
            t[at] += n.doubleValue();
            t[at + 1]++;
        }
    }
}

package dev.augur.metrics;

import java.util.List;

/**
 * The simulation score (OpenAI's method): Pearson correlation, over every token of every
 * example of a latent, between the simulated activation (0-10) and the true one normalized to
 * 0-10 against the latent's largest activation in the file (0 on non-activating examples).
 */
public final class SimulationCorrelation {
    private SimulationCorrelation() {
    }

    /** Null when no sample carries simulated activations or either side is constant. */
    public static Double of(List<ScoreSample> samples) {
        float max = 0;
        for (ScoreSample s : samples) {
            if (s.activating()) {
                for (float a : s.activations()) {
                    max = Math.max(max, a);
                }
            }
        }
        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (ScoreSample s : samples) {
            if (s.simulated() == null) {
                continue;
            }
            for (int i = 0; i < s.simulated().length && i < s.activations().length; i++) {
                double x = s.simulated()[i];
                double y = s.activating() ? normalized(s.activations()[i], max) : 0;
                n++;
                sx += x;
                sy += y;
                sxx += x * x;
                syy += y * y;
                sxy += x * y;
            }
        }
        double vx = n * sxx - sx * sx;
        double vy = n * syy - sy * sy;
        if (n < 2 || vx <= 0 || vy <= 0) {
            return null;
        }
        return (n * sxy - sx * sy) / Math.sqrt(vx * vy);
    }

    /** As the sampler normalizes: ceil(a * 10 / max), clamped to 0..10. */
    static double normalized(float a, float max) {
        return Math.max(0, Math.min(10, Math.ceil(a * 10f / Math.max(max, 1e-6f))));
    }
}

package dev.augur.sample;

import dev.augur.construct.ExampleWindow;
import dev.augur.construct.LatentExamples;
import dev.augur.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws train and test sets from a latent's examples (SPEC 5), seeded and reproducible. */
public final class Sampler {
    private final SamplerConfig cfg;

    public Sampler(SamplerConfig cfg) {
        this.cfg = cfg;
    }

    public SamplerConfig config() {
        return cfg;
    }

    /** {@code clamp(ceil(a * 10 / max(recordMax, 1e-6)), 0, 10)} per token. */
    public static int[] normalize(float[] activations, float recordMax) {
        float m = Math.max(recordMax, 1e-6f);
        int[] out = new int[activations.length];
        for (int i = 0; i < out.length; i++) {
            double v = Math.ceil(activations[i] * 10f / m);
            out[i] = (int) Math.max(0, Math.min(10, v));
        }
        return out;
    }

    public Samples sample(LatentExamples ex) {
        List<ExampleWindow> examples = ex.examples();
        int len = examples.size();
        boolean[] excluded = new boolean[len];
        SplittableRandom testRng = Seeds.rng(cfg.seed(), ex.module(), ex.latent(), "test");
        SplittableRandom trainRng = Seeds.rng(cfg.seed(), ex.module(), ex.latent(), "train");
        List<int[]> test = quantiles(0, len, cfg.nTest(), testRng, excluded);
        if (cfg.mode() == SamplingMode.DISJOINT) {
            test.forEach(t -> excluded[t[0]] = true);
        }
        List<int[]> train = switch (cfg.trainType()) {
            case TOP -> top(len, cfg.nTrain(), excluded);
            case RANDOM -> random(len, cfg.nTrain(), trainRng, excluded);
            case QUANTILES -> quantiles(0, len, cfg.nTrain(), trainRng, excluded);
            case MIX -> mix(len, trainRng, excluded);
        };
        float max = ex.maxActivation();
        return new Samples(materialize(train, examples, max), materialize(test, examples, max));
    }

    private static List<SampledExample> materialize(List<int[]> picks, List<ExampleWindow> ex,
                                                    float max) {
        List<SampledExample> out = new ArrayList<>(picks.size());
        for (int[] p : picks) {
            ExampleWindow w = ex.get(p[0]);
            out.add(new SampledExample(w, p[1], normalize(w.activations(), max)));
        }
        return out;
    }

    private int quantileOf(int pos, int len) {
        int size = len / cfg.nQuantiles();
        return size == 0 ? 0 : Math.min(pos / size, cfg.nQuantiles() - 1);
    }

    /**
     * Quantile split of positions [from, to): size = n / q, quantile i = [i*size, (i+1)*size),
     * n/q drawn from each without replacement (all when fewer); positions past q*size unused.
     * Returns {position, quantile} pairs.
     */
    private List<int[]> quantiles(int from, int to, int n, SplittableRandom rng, boolean[] excluded) {
        int q = cfg.nQuantiles();
        int size = (to - from) / q;
        int perQuantile = n / q;
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < q && size > 0; i++) {
            int[] pool = available(from + i * size, from + (i + 1) * size, excluded);
            int k = Math.min(perQuantile, pool.length);
            for (int idx : Seeds.sampleWithoutReplacement(rng, pool.length, k)) {
                out.add(new int[] {pool[idx], i});
            }
        }
        return out;
    }

    private List<int[]> top(int len, int n, boolean[] excluded) {
        List<int[]> out = new ArrayList<>();
        for (int p = 0; p < len && out.size() < n; p++) {
            if (!excluded[p]) {
                out.add(new int[] {p, quantileOf(p, len)});
            }
        }
        return out;
    }

    private List<int[]> random(int len, int n, SplittableRandom rng, boolean[] excluded) {
        int[] pool = available(0, len, excluded);
        List<int[]> out = new ArrayList<>();
        for (int idx : Seeds.sampleWithoutReplacement(rng, pool.length, Math.min(n, pool.length))) {
            out.add(new int[] {pool[idx], quantileOf(pool[idx], len)});
        }
        return out;
    }

    /** The first ratio_top * n (tagged quantile 0), then quantiles over the rest for the remainder. */
    private List<int[]> mix(int len, SplittableRandom rng, boolean[] excluded) {
        int nTop = (int) (cfg.nTrain() * cfg.ratioTop());
        List<int[]> out = new ArrayList<>();
        int p = 0;
        for (; p < len && out.size() < nTop; p++) {
            if (!excluded[p]) {
                out.add(new int[] {p, 0});
            }
        }
        out.addAll(quantiles(p, len, cfg.nTrain() - out.size(), rng, excluded));
        return out;
    }

    private static int[] available(int from, int to, boolean[] excluded) {
        int[] pool = new int[to - from];
        int k = 0;
        for (int p = from; p < to; p++) {
            if (!excluded[p]) {
                pool[k++] = p;
            }
        }
        return java.util.Arrays.copyOf(pool, k);
    }
}

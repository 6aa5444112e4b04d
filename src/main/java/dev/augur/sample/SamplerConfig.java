package dev.augur.sample;

import dev.augur.AugurException;

/** Settings of train/test sampling (SPEC 5); defaults are delphi's. */
public record SamplerConfig(TrainType trainType, int nTrain, int nTest, int nQuantiles,
                            double ratioTop, SamplingMode mode, long seed) {
    public static final int DEFAULT_N_TRAIN = 40;
    public static final int DEFAULT_N_TEST = 50;
    public static final int DEFAULT_N_QUANTILES = 10;
    public static final double DEFAULT_RATIO_TOP = 0.2;

    public SamplerConfig {
        if (nTrain < 0 || nTest < 0) {
            throw new AugurException("--n-train and --n-test must not be negative");
        }
        if (nQuantiles <= 0) {
            throw new AugurException("--n-quantiles must be positive, got " + nQuantiles);
        }
        if (!(ratioTop >= 0 && ratioTop <= 1)) {
            throw new AugurException("--ratio-top must lie in [0, 1], got " + ratioTop);
        }
    }

    /** delphi's defaults with the seed 22 ({@code ConstructorConfig.DEFAULT_SEED}). */
    public static SamplerConfig defaults() {
        return defaults(22);
    }

    public SamplerConfig withTrainType(TrainType t) {
        return new SamplerConfig(t, nTrain, nTest, nQuantiles, ratioTop, mode, seed);
    }

    public SamplerConfig withNTrain(int n) {
        return new SamplerConfig(trainType, n, nTest, nQuantiles, ratioTop, mode, seed);
    }

    public SamplerConfig withNTest(int n) {
        return new SamplerConfig(trainType, nTrain, n, nQuantiles, ratioTop, mode, seed);
    }

    public SamplerConfig withNQuantiles(int n) {
        return new SamplerConfig(trainType, nTrain, nTest, n, ratioTop, mode, seed);
    }

    public SamplerConfig withRatioTop(double r) {
        return new SamplerConfig(trainType, nTrain, nTest, nQuantiles, r, mode, seed);
    }

    public SamplerConfig withMode(SamplingMode m) {
        return new SamplerConfig(trainType, nTrain, nTest, nQuantiles, ratioTop, m, seed);
    }

    public SamplerConfig withSeed(long s) {
        return new SamplerConfig(trainType, nTrain, nTest, nQuantiles, ratioTop, mode, s);
    }

    public static SamplerConfig defaults(long seed) {
        return new SamplerConfig(TrainType.QUANTILES, DEFAULT_N_TRAIN, DEFAULT_N_TEST,
            DEFAULT_N_QUANTILES, DEFAULT_RATIO_TOP, SamplingMode.DISJOINT, seed);
    }
}

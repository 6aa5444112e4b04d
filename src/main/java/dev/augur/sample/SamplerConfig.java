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

    public static SamplerConfig defaults(long seed) {
        return new SamplerConfig(TrainType.QUANTILES, DEFAULT_N_TRAIN, DEFAULT_N_TEST,
            DEFAULT_N_QUANTILES, DEFAULT_RATIO_TOP, SamplingMode.DISJOINT, seed);
    }
}

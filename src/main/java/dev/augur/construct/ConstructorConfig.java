package dev.augur.construct;

import dev.augur.AugurException;

/** Settings of example construction (SPEC 4); defaults are delphi's. */
public record ConstructorConfig(int exampleCtxLen, int minExamples, int maxExamples,
                                int nNonActivating, WindowMode windowMode,
                                NonActivatingSource nonActivating, long seed,
                                NeighbourDraw neighbourDraw) {
    public static final int DEFAULT_EXAMPLE_CTX_LEN = 32;
    public static final int DEFAULT_MIN_EXAMPLES = 200;
    /** 0 keeps every active window. */
    public static final int UNLIMITED = 0;
    public static final int DEFAULT_N_NON_ACTIVATING = 50;
    public static final long DEFAULT_SEED = 22;
    /** delphi takes at most this many windows from each neighbour. */
    public static final int WINDOWS_PER_NEIGHBOUR = 10;

    public ConstructorConfig {
        neighbourDraw = neighbourDraw == null ? NeighbourDraw.EXACT : neighbourDraw;
        if (exampleCtxLen <= 0) {
            throw new AugurException("--example-ctx-len must be positive, got " + exampleCtxLen);
        }
        if (minExamples < 0 || maxExamples < 0 || nNonActivating < 0) {
            throw new AugurException("--min-examples, --max-examples and --n-non-activating must "
                + "not be negative");
        }
        if (maxExamples != UNLIMITED && maxExamples < minExamples) {
            throw new AugurException("--max-examples " + maxExamples + " is below --min-examples "
                + minExamples + ": every latent would be skipped");
        }
    }

    /** With Augur's exact neighbour draw. */
    public ConstructorConfig(int exampleCtxLen, int minExamples, int maxExamples, int nNonActivating,
                             WindowMode windowMode, NonActivatingSource nonActivating, long seed) {
        this(exampleCtxLen, minExamples, maxExamples, nNonActivating, windowMode, nonActivating, seed,
            NeighbourDraw.EXACT);
    }

    public static ConstructorConfig defaults() {
        return new ConstructorConfig(DEFAULT_EXAMPLE_CTX_LEN, DEFAULT_MIN_EXAMPLES, UNLIMITED,
            DEFAULT_N_NON_ACTIVATING, WindowMode.ALIGNED, NonActivatingSource.RANDOM, DEFAULT_SEED);
    }

    public ConstructorConfig withExampleCtxLen(int n) {
        return new ConstructorConfig(n, minExamples, maxExamples, nNonActivating, windowMode, nonActivating, seed, neighbourDraw);
    }

    public ConstructorConfig withMinExamples(int n) {
        return new ConstructorConfig(exampleCtxLen, n, maxExamples, nNonActivating, windowMode, nonActivating, seed, neighbourDraw);
    }

    public ConstructorConfig withMaxExamples(int n) {
        return new ConstructorConfig(exampleCtxLen, minExamples, n, nNonActivating, windowMode, nonActivating, seed, neighbourDraw);
    }

    public ConstructorConfig withNNonActivating(int n) {
        return new ConstructorConfig(exampleCtxLen, minExamples, maxExamples, n, windowMode, nonActivating, seed, neighbourDraw);
    }

    public ConstructorConfig withWindowMode(WindowMode w) {
        return new ConstructorConfig(exampleCtxLen, minExamples, maxExamples, nNonActivating, w, nonActivating, seed, neighbourDraw);
    }

    public ConstructorConfig withNonActivating(NonActivatingSource n) {
        return new ConstructorConfig(exampleCtxLen, minExamples, maxExamples, nNonActivating, windowMode, n, seed, neighbourDraw);
    }

    public ConstructorConfig withSeed(long s) {
        return new ConstructorConfig(exampleCtxLen, minExamples, maxExamples, nNonActivating, windowMode, nonActivating, s, neighbourDraw);
    }

    public ConstructorConfig withNeighbourDraw(NeighbourDraw d) {
        return new ConstructorConfig(exampleCtxLen, minExamples, maxExamples, nNonActivating, windowMode, nonActivating, seed, d);
    }

    /** The cache's sequence length must split into whole windows. */
    public void checkSequenceLength(int seqLen, String where) {
        if (seqLen % exampleCtxLen != 0) {
            throw new AugurException("--example-ctx-len " + exampleCtxLen + " does not divide the "
                + "cached sequence length " + seqLen + " of " + where);
        }
    }
}

package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import dev.augur.cache.TokenCorpus;
import java.util.List;

/**
 * Turns a latent's active windows into its {@link LatentExamples}: the step shared by the CPU
 * backend and accelerated ones, so both yield the same objects (same views, same seeded
 * non-activating draws).
 */
public final class ExampleAssembly {
    private ExampleAssembly() {
    }

    /**
     * Examples from windows an accelerator found and ranked; {@code acts} is the latent's
     * activations sorted by position, the ones the ranges refer to.
     *
     * @throws IllegalStateException when the ranked windows are inconsistent with {@code acts}
     *     (a device fault must not turn into wrong examples)
     */
    public static LatentExamples fromRanked(ConstructionBatch batch, int latent,
                                            LatentActivations acts, RankedWindows ranked) {
        ActiveWindows windows = ActiveWindows.fromRanked(ranked, acts.size());
        ConstructorConfig cfg = batch.config();
        TokenCorpus corpus = batch.corpus();
        int c = cfg.exampleCtxLen();
        int n = ranked.count();
        int o = ranked.offset();
        List<ExampleWindow> examples;
        if (cfg.windowMode() == WindowMode.ALIGNED) {
            examples = new RankedExampleList(corpus, acts, ranked, c, null, limit(n, cfg));
        } else {
            int cap = limit(n, cfg);
            int[] kept = new int[Math.min(cap, n)];
            int size = 0;
            for (int k = 0; k < n && size < cap; k++) {
                int start = ranked.cutStart()[o + k];
                if (start < 0) {
                    continue;
                }
                int lo = ranked.cutLo()[o + k];
                int hi = ranked.cutHi()[o + k];
                if (lo < 0 || lo > hi || hi > acts.size()
                    || (long) start + c > corpus.nTokens()) {
                    throw new IllegalStateException("re-cut window of latent " + latent
                        + " is inconsistent: start " + start + ", range [" + lo + ", " + hi + ")");
                }
                kept[size++] = k;
            }
            examples = new RankedExampleList(corpus, acts, ranked, c, kept, size);
        }
        return finish(batch, latent, acts, windows, examples);
    }

    /** Frequencies, the min_examples check and the non-activating examples. */
    static LatentExamples finish(ConstructionBatch batch, int latent, LatentActivations acts,
                                 ActiveWindows windows, List<ExampleWindow> examples) {
        ConstructorConfig cfg = batch.config();
        TokenCorpus corpus = batch.corpus();
        long nWindows = corpus.nTokens() / cfg.exampleCtxLen();
        double perToken = (double) acts.size() / corpus.nTokens();
        double perContext = (double) windows.size() / nWindows;
        if (examples.size() < cfg.minExamples()) {
            return new LatentExamples(batch.module(), latent, acts.size(), perToken, perContext,
                List.of(), List.of(), "too few examples: " + examples.size() + " < min_examples "
                + cfg.minExamples(), null);
        }
        NonActivatingPicker picker = new NonActivatingPicker(batch, latent, windows, nWindows);
        List<NonActivatingWindow> negatives = picker.pick(examples);
        return new LatentExamples(batch.module(), latent, acts.size(), perToken, perContext,
            examples, negatives, null, picker.note());
    }

    static int limit(int available, ConstructorConfig cfg) {
        return cfg.maxExamples() == ConstructorConfig.UNLIMITED
            ? available : Math.min(available, cfg.maxExamples());
    }
}

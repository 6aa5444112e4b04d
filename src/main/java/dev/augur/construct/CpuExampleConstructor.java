package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import dev.augur.cache.TokenCorpus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The CPU backend: latents of a batch are built in parallel on the common fork-join pool. */
public final class CpuExampleConstructor implements ExampleConstructor {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public List<LatentExamples> construct(ConstructionBatch batch) {
        return IntStream.range(0, batch.latents().length).parallel()
            .mapToObj(i -> constructOne(batch, batch.latents()[i]))
            .toList();
    }

    static LatentExamples constructOne(ConstructionBatch batch, int latent) {
        ConstructorConfig cfg = batch.config();
        TokenCorpus corpus = batch.corpus();
        int c = cfg.exampleCtxLen();
        LatentActivations acts = batch.split().latent(latent).sortedByPosition();
        ActiveWindows windows = ActiveWindows.of(acts, c);
        int[] order = windows.rankByMax();
        List<ExampleWindow> examples = cfg.windowMode() == WindowMode.ALIGNED
            ? aligned(corpus, acts, windows, order, cfg)
            : centered(corpus, acts, windows, order, cfg, corpus.seqLen() / c);
        return ExampleAssembly.finish(batch, latent, acts, windows, examples);
    }

    private static int limit(int available, ConstructorConfig cfg) {
        return ExampleAssembly.limit(available, cfg);
    }

    private static List<ExampleWindow> aligned(TokenCorpus corpus, LatentActivations acts, ActiveWindows w,
                                               int[] order, ConstructorConfig cfg) {
        int c = cfg.exampleCtxLen();
        int n = limit(order.length, cfg);
        List<ExampleWindow> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = order[k];
            long start = (long) w.window(i) * c;
            out.add(new ExampleWindow(corpus, start, c, acts.slice(w.from(i), w.to(i)), w.max(i)));
        }
        return out;
    }

    /**
     * Windows first or last in their sequence are dropped; the rest are re-cut so the first
     * maximum lands at C - C/4, every token carrying the latent's true activation.
     */
    private static List<ExampleWindow> centered(TokenCorpus corpus, LatentActivations acts, ActiveWindows w,
                                                int[] order, ConstructorConfig cfg,
                                                int windowsPerSeq) {
        int c = cfg.exampleCtxLen();
        int target = c - c / 4;
        List<ExampleWindow> out = new ArrayList<>();
        int cap = limit(order.length, cfg);
        for (int k = 0; k < order.length && out.size() < cap; k++) {
            int i = order[k];
            int win = w.window(i);
            int inSeq = win % windowsPerSeq;
            if (inSeq == 0 || inSeq == windowsPerSeq - 1) {
                continue;
            }
            int argmax = w.from(i);
            for (int j = w.from(i) + 1; j < w.to(i); j++) {
                if (acts.valueAt(j) > acts.valueAt(argmax)) {
                    argmax = j;
                }
            }
            long start = (long) acts.flatAt(argmax) - target;
            // every activation of the latent inside the re-cut window, wherever it came from
            int lo = acts.lowerBound(start) - acts.from();
            int hi = acts.lowerBound(start + c) - acts.from();
            out.add(new ExampleWindow(corpus, start, c, acts.slice(lo, hi), w.max(i)));
        }
        return out;
    }
}

package dev.augur.bench;

import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import dev.augur.cache.TokenCorpus;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Times SplitActivations.load (the grouping of a module's activations that augur records does
 * first) over every split of a module, several rounds:
 * {@code java -cp target/test-classes:target/classes:<deps> dev.augur.bench.SplitLoadBench <cache> <module> <rounds>}.
 */
public final class SplitLoadBench {
    private SplitLoadBench() {
    }

    public static void main(String[] a) {
        ModuleCache m = LatentCache.open(Path.of(a[0])).module(a[1]);
        int rounds = Integer.parseInt(a[2]);
        double[] totals = new double[rounds];
        long acts = 0;
        for (int r = 0; r < rounds; r++) {
            double total = 0;
            for (SplitFile s : m.splits()) {
                TokenCorpus c = m.openCorpus(s);
                try (SafetensorsFile f = SafetensorsFile.open(s.path())) {
                    long t = System.nanoTime();
                    SplitActivations x = SplitActivations.load(f, s, c.nSeq(), c.seqLen());
                    total += (System.nanoTime() - t) / 1e6;
                    acts += r == 0 ? x.totalActivations() : 0;
                } finally {
                    c.tensor().close();
                }
            }
            totals[r] = total;
        }
        double[] sorted = totals.clone();
        Arrays.sort(sorted);
        System.out.printf("activations %d; load of all splits, ms per round: %s; median %.0f, best %.0f%n",
            acts, Arrays.toString(Arrays.stream(totals).map(Math::round).toArray()), sorted[rounds / 2], sorted[0]);
    }
}

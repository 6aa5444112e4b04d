package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.embed.WindowIndex;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * Non-activating examples by embedding (SPEC 4, delphi's FAISS source): the first 10 activating
 * examples are embedded; for each in turn, the nearest window (cosine) where the latent never
 * fires and not yet taken is added, round after round, until enough are collected.
 */
public final class HardNegatives {
    /** delphi embeds this many of the strongest activating examples. */
    public static final int QUERIES = 10;

    private final WindowIndex index;
    private final Function<ExampleWindow, float[]> embedExample;

    /**
     * @param embedExample the embedding of an example whose window is not an aligned window
     *                     (centered mode); aligned ones are read from the index
     */
    public HardNegatives(WindowIndex index, Function<ExampleWindow, float[]> embedExample) {
        this.index = index;
        this.embedExample = embedExample;
    }

    List<NonActivatingWindow> pick(ConstructionBatch batch, List<ExampleWindow> examples,
                                   BitSet active, int wanted) {
        int c = batch.config().exampleCtxLen();
        List<float[]> queries = new ArrayList<>();
        for (ExampleWindow e : examples.subList(0, Math.min(QUERIES, examples.size()))) {
            queries.add(e.start() % c == 0 ? index.vector((int) (e.start() / c)) : embedExample.apply(e));
        }
        if (queries.isEmpty()) {
            return List.of();
        }
        int n = index.size();
        int[] candidates = active.isEmpty() ? range(n) : inactive(active, n);
        if (candidates.length < wanted) {
            return List.of();
        }
        // each query's candidates, nearest first
        int[][] order = new int[queries.size()][];
        for (int q = 0; q < queries.size(); q++) {
            long[] keys = new long[candidates.length];
            for (int i = 0; i < candidates.length; i++) {
                float sim = (float) SentenceEmbedder.cosine(queries.get(q), index.vector(candidates[i]));
                int bits = Float.floatToIntBits(sim);
                int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
                keys[i] = ((long) ~sortable << 32) | i; // similarity descending, then window order
            }
            java.util.Arrays.sort(keys);
            order[q] = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                order[q][i] = candidates[(int) keys[i]];
            }
        }
        BitSet taken = new BitSet(n);
        int[] cursor = new int[queries.size()];
        List<NonActivatingWindow> out = new ArrayList<>(wanted);
        while (out.size() < wanted) {
            for (int q = 0; q < queries.size() && out.size() < wanted; q++) {
                while (cursor[q] < order[q].length && taken.get(order[q][cursor[q]])) {
                    cursor[q]++;
                }
                int w = order[q][cursor[q]];
                taken.set(w);
                out.add(new NonActivatingWindow(batch.corpus(), (long) w * c, c,
                    LatentActivations.NONE, NonActivatingWindow.RANDOM_DISTANCE));
            }
        }
        return out;
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] inactive(BitSet active, int n) {
        int[] r = new int[n - active.cardinality()];
        int k = 0;
        for (int w = active.nextClearBit(0); w < n; w = active.nextClearBit(w + 1)) {
            r[k++] = w;
        }
        return r;
    }
}

package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import dev.augur.cache.TokenCorpus;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A latent's examples read from an accelerator's ranked windows: each {@link ExampleWindow}
 * view is made when asked for, so assembling a batch costs per latent, not per window (a dense
 * latent has tens of thousands of windows and the sampler reads about a hundred). Equal, element
 * by element, to the list the CPU backend builds. Immutable.
 */
final class RankedExampleList extends AbstractList<ExampleWindow> implements RandomAccess {
    private final TokenCorpus corpus;
    private final LatentActivations acts;
    private final RankedWindows ranked;
    private final int c;
    /** Ranks of the kept re-cut windows (centered), or null: ranks 0 .. size-1 (aligned). */
    private final int[] kept;
    private final int size;

    RankedExampleList(TokenCorpus corpus, LatentActivations acts, RankedWindows ranked, int c,
                      int[] kept, int size) {
        this.corpus = corpus;
        this.acts = acts;
        this.ranked = ranked;
        this.c = c;
        this.kept = kept;
        this.size = size;
    }

    @Override
    public ExampleWindow get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index + " of " + size);
        }
        int o = ranked.offset() + (kept == null ? index : kept[index]);
        if (kept == null) {
            return new ExampleWindow(corpus, (long) ranked.window()[o] * c, c,
                acts.slice(ranked.from()[o], ranked.to()[o]), ranked.max()[o]);
        }
        return new ExampleWindow(corpus, ranked.cutStart()[o], c,
            acts.slice(ranked.cutLo()[o], ranked.cutHi()[o]), ranked.max()[o]);
    }

    @Override
    public int size() {
        return size;
    }
}

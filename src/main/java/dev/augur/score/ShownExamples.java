package dev.augur.score;

import dev.augur.construct.NonActivatingWindow;
import dev.augur.sample.SampledExample;
import dev.augur.text.Highlight;
import dev.augur.tokenizer.TokenDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/** Builds the examples scorers show, with the highlight rules of SPEC 7. */
final class ShownExamples {
    private ShownExamples() {
    }

    static Shown plain(SampledExample s, TokenDecoder d) {
        String[] t = d.decode(s.window().tokens());
        return new Shown(t, s.window().activations(), s.quantile(), true, Highlight.plain(t));
    }

    static Shown plain(NonActivatingWindow n, TokenDecoder d) {
        String[] t = d.decode(n.tokens());
        return new Shown(t, n.activations(), n.distance(), false, Highlight.plain(t));
    }

    /** An activating example with its tokens at or above 0.3 x its maximum marked. */
    static Shown correctlyMarked(SampledExample s, TokenDecoder d) {
        String[] t = d.decode(s.window().tokens());
        float[] a = s.window().activations();
        return new Shown(t, a, s.quantile(), true,
            Highlight.marked(t, Highlight.atLeast(a, Highlight.THRESHOLD)));
    }

    /**
     * A negative for fuzzing: a window that carries activations (a neighbour's) marks its own
     * active tokens; one without gets k wrongly marked tokens.
     */
    static Shown fuzzNegative(NonActivatingWindow n, TokenDecoder d, int k, SplittableRandom rng) {
        String[] t = d.decode(n.tokens());
        float[] a = n.activations();
        boolean[] marks = Highlight.max(a) > 0 ? positive(a) : wrongMarks(a, k, rng);
        return new Shown(t, a, n.distance(), false, Highlight.marked(t, marks));
    }

    /** fuzz_type=active: a test example shown with k wrong marks, as a negative. */
    static Shown wronglyMarked(SampledExample s, TokenDecoder d, int k, SplittableRandom rng) {
        String[] t = d.decode(s.window().tokens());
        float[] a = s.window().activations();
        return new Shown(t, a, s.quantile(), false, Highlight.marked(t, wrongMarks(a, k, rng)));
    }

    /**
     * A non-activating example shown with k wrong marks whatever it carries, as delphi's
     * example-embedding scorer prepares its negatives (its neighbour's strong tokens stay unmarked).
     */
    static Shown wronglyMarked(NonActivatingWindow n, TokenDecoder d, int k, SplittableRandom rng) {
        String[] t = d.decode(n.tokens());
        float[] a = n.activations();
        return new Shown(t, a, n.distance(), false, Highlight.marked(t, wrongMarks(a, k, rng)));
    }

    /** k = ceil(mean number of non-zero tokens over the test examples), at least 1. */
    static int wrongMarkCount(List<SampledExample> test) {
        if (test.isEmpty()) {
            return 1;
        }
        long nonZero = 0;
        for (SampledExample s : test) {
            for (float v : s.window().activations()) {
                nonZero += v > 0 ? 1 : 0;
            }
        }
        return (int) Math.max(1, Math.ceil((double) nonZero / test.size()));
    }

    private static boolean[] positive(float[] a) {
        boolean[] m = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = a[i] > 0;
        }
        return m;
    }

    /**
     * k marks among tokens at or below the threshold, always including position C - C/4 when
     * it is eligible (where a centered example's maximum would sit).
     */
    static boolean[] wrongMarks(float[] a, int k, SplittableRandom rng) {
        int c = a.length;
        float max = Highlight.max(a);
        List<Integer> eligible = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            if (max == 0 || a[i] <= Highlight.THRESHOLD * max) {
                eligible.add(i);
            }
        }
        boolean[] m = new boolean[c];
        int pivot = c - c / 4;
        int placed = 0;
        if (pivot < c && eligible.remove(Integer.valueOf(pivot))) {
            m[pivot] = true;
            placed++;
        }
        for (int i = eligible.size() - 1; i > 0; i--) { // seeded shuffle
            Collections.swap(eligible, i, rng.nextInt(i + 1));
        }
        for (int i = 0; placed < k && i < eligible.size(); i++, placed++) {
            m[eligible.get(i)] = true;
        }
        return m;
    }
}

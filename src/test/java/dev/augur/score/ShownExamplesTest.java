package dev.augur.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.construct.ExampleWindow;
import dev.augur.sample.SampledExample;
import dev.augur.text.Highlight;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The highlight rules of SPEC 7: wrong marks for fuzzing negatives, k, and the << >> runs. */
class ShownExamplesTest {
    private static int count(boolean[] m) {
        return Highlight.count(m);
    }

    private static SampledExample example(float... acts) {
        float max = Highlight.max(acts);
        return new SampledExample(ExampleWindow.dense(null, 0, acts, max), 0, new int[acts.length]);
    }

    @Test
    void allZeroExampleGetsExactlyKMarksIncludingThePivot() {
        float[] a = new float[8];
        for (int seed = 0; seed < 200; seed++) {
            for (int k = 1; k <= 8; k++) {
                boolean[] m = ShownExamples.wrongMarks(a, k, new SplittableRandom(seed));
                assertEquals(k, count(m), "seed " + seed + " k " + k);
                assertTrue(m[6], "position C - C/4 = 6 is always marked when eligible");
            }
        }
    }

    @Test
    void marksOnlyTokensAtOrBelowThirtyPercentOfTheMax() {
        // max 10: threshold 3; eligible: 1 (0), 2 (2), 3 (3, equal counts), 5 (1), 6 (0), 7 (0)
        float[] a = {10, 0, 2, 3, 4, 1, 0, 0};
        Set<Integer> eligible = Set.of(1, 2, 3, 5, 6, 7);
        Set<Integer> seen = new HashSet<>();
        for (int seed = 0; seed < 300; seed++) {
            boolean[] m = ShownExamples.wrongMarks(a, 3, new SplittableRandom(seed));
            assertEquals(3, count(m));
            assertTrue(m[6]);
            for (int i = 0; i < m.length; i++) {
                if (m[i]) {
                    assertTrue(eligible.contains(i), "token " + i + " is above 0.3 x max: " + Arrays.toString(m));
                    seen.add(i);
                }
            }
        }
        assertEquals(eligible, seen, "every eligible token is drawn for some seed");
    }

    @Test
    void pivotAboveTheThresholdIsNeverMarked() {
        float[] a = {0, 0, 0, 0, 0, 0, 5, 0}; // position 6 is the maximum
        for (int seed = 0; seed < 200; seed++) {
            boolean[] m = ShownExamples.wrongMarks(a, 2, new SplittableRandom(seed));
            assertFalse(m[6], "seed " + seed);
            assertEquals(2, count(m));
        }
        // C = 32: the pivot is 24
        float[] b = new float[32];
        boolean[] m = ShownExamples.wrongMarks(b, 1, new SplittableRandom(3));
        assertTrue(m[24]);
        assertEquals(1, count(m));
        b[24] = 1f;
        m = ShownExamples.wrongMarks(b, 1, new SplittableRandom(3));
        assertFalse(m[24]);
        assertEquals(1, count(m));
    }

    @Test
    void fewerEligibleTokensThanKMarksThemAll() {
        float[] a = {9, 9, 1, 9, 9, 9, 9, 9}; // only position 2 is at or below 2.7
        boolean[] m = ShownExamples.wrongMarks(a, 4, new SplittableRandom(1));
        boolean[] expected = new boolean[8];
        expected[2] = true;
        assertArrayEquals(expected, m);
    }

    @Test
    void sameSeedSameMarksOtherSeedsDiffer() {
        float[] a = new float[16];
        List<String> draws = new ArrayList<>();
        for (int seed = 0; seed < 20; seed++) {
            boolean[] x = ShownExamples.wrongMarks(a, 4, new SplittableRandom(seed));
            boolean[] y = ShownExamples.wrongMarks(a, 4, new SplittableRandom(seed));
            assertArrayEquals(x, y, "seed " + seed);
            draws.add(Arrays.toString(x));
        }
        assertTrue(new HashSet<>(draws).size() > 10, "the marks depend on the seed: " + draws);
    }

    @Test
    void wrongMarkCountIsTheCeilingOfTheMeanNonZeroTokens() {
        // non-zero tokens: 2, 1, 3, 0 -> mean 1.5 -> k = 2
        List<SampledExample> test = List.of(example(1, 0, 2, 0), example(0, 0, 0, 1),
            example(3, 3, 3, 0), example(0, 0, 0, 0));
        assertEquals(2, ShownExamples.wrongMarkCount(test));
        // 4, 4, 5 -> 13 / 3 = 4.33 -> 5
        assertEquals(5, ShownExamples.wrongMarkCount(List.of(example(1, 1, 1, 1, 0, 0),
            example(0, 0, 2, 2, 2, 2), example(1, 1, 1, 1, 1, 0))));
        // exact mean: 2, 2 -> 2
        assertEquals(2, ShownExamples.wrongMarkCount(List.of(example(1, 1, 0), example(0, 1, 1))));
        // at least 1
        assertEquals(1, ShownExamples.wrongMarkCount(List.of()));
        assertEquals(1, ShownExamples.wrongMarkCount(List.of(example(0, 0, 0))));
    }

    @Test
    void highlightWrapsMaximalRuns() {
        String[] t = {"a", "b", "c", "d", "e"};
        assertEquals("a<<bc>>d<<e>>", Highlight.marked(t, new boolean[] {false, true, true, false, true}));
        assertEquals("<<abcde>>", Highlight.marked(t, new boolean[] {true, true, true, true, true}));
        assertEquals("abcde", Highlight.marked(t, new boolean[5]));
        assertEquals("<<a>>b<<c>>d<<e>>", Highlight.marked(t, new boolean[] {true, false, true, false, true}));
        assertEquals("abcde", Highlight.plain(t));
    }

    @Test
    void aboveIsStrictAtLeastIsNot() {
        float[] a = {10, 3, 2.9f, 3.1f, 0};
        assertArrayEquals(new boolean[] {true, false, false, true, false}, Highlight.above(a, 0.3));
        assertArrayEquals(new boolean[] {true, true, false, true, false}, Highlight.atLeast(a, 0.3));
        assertArrayEquals(new boolean[3], Highlight.atLeast(new float[3], 0.3), "nothing marked without activations");
    }

    @Test
    void toSampleSetsCorrectFromPredictionAndActivating() {
        Shown pos = new Shown(new String[] {"a"}, new float[] {1}, 2, true, "<<a>>");
        Shown neg = new Shown(new String[] {"b"}, new float[] {0}, -1, false, "<<b>>");
        assertEquals(Boolean.TRUE, pos.toSample(true, 0.9).correct());
        assertEquals(Boolean.FALSE, pos.toSample(false, null).correct());
        assertEquals(Boolean.TRUE, neg.toSample(false, null).correct());
        assertEquals(Boolean.FALSE, neg.toSample(true, null).correct());
        assertNull(neg.toSample(null, null).correct());
        assertEquals(2.0, pos.toSample(true, null).distance());
        assertEquals(0.9, pos.toSample(true, 0.9).probability());
    }
}

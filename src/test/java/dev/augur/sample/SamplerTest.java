package dev.augur.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.construct.ExampleWindow;
import dev.augur.construct.LatentExamples;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SamplerTest {
    /** n examples with maxima n, n-1, ..., 1 (already ranked), starting at 100 * rank. */
    private static LatentExamples examples(int n) {
        List<ExampleWindow> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float max = n - i;
            list.add(ExampleWindow.dense(null, 100L * i, new float[] {max, max / 4}, max));
        }
        return new LatentExamples("m", 7, n, 0.1, 0.1, list, List.of(), null, null);
    }

    private static SamplerConfig cfg(TrainType t, int nTrain, int nTest, int q, SamplingMode mode) {
        return new SamplerConfig(t, nTrain, nTest, q, 0.2, mode, 22);
    }

    private static int rank(SampledExample s) {
        return (int) (s.window().start() / 100);
    }

    @Test
    void normalizationIsCeilOfTenthsOfTheRecordMaxClampedTo10() {
        assertArrayEquals(new int[] {0, 1, 1, 5, 10, 10, 1},
            Sampler.normalize(new float[] {0f, 0.01f, 0.1f, 0.5f, 1f, 3f, 1e-9f}, 1f));
        assertArrayEquals(new int[] {10}, Sampler.normalize(new float[] {1e-6f}, 0f)); // max 1e-6 floor
    }

    @Test
    void quantilesFollowTheFormula() {
        // 103 examples, q 10: size 10, quantile i = ranks [10i, 10i+10), ranks 100..102 unused
        Samples s = new Sampler(cfg(TrainType.QUANTILES, 20, 30, 10, SamplingMode.DISJOINT))
            .sample(examples(103));
        assertEquals(30, s.test().size());
        assertEquals(20, s.train().size());
        int[] perQuantile = new int[10];
        for (SampledExample e : s.test()) {
            assertEquals(rank(e) / 10, e.quantile());
            assertTrue(rank(e) < 100, "past q*size is never chosen");
            perQuantile[e.quantile()]++;
        }
        assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, perQuantile);
        Set<Integer> test = new HashSet<>();
        s.test().forEach(e -> test.add(rank(e)));
        s.train().forEach(e -> assertTrue(!test.contains(rank(e)) && rank(e) / 10 == e.quantile()));
        assertEquals(1f, s.test().get(0).window().maxActivation() / (103 - rank(s.test().get(0))));
    }

    @Test
    void smallQuantilesGiveAllTheyHold() {
        // 25 examples, q 10: size 2, 5 per quantile wanted, 2 available each
        Samples s = new Sampler(cfg(TrainType.QUANTILES, 0, 50, 10, SamplingMode.DISJOINT))
            .sample(examples(25));
        assertEquals(20, s.test().size());
        // disjoint leaves nothing for train in these quantiles
        Samples t = new Sampler(cfg(TrainType.QUANTILES, 40, 50, 10, SamplingMode.DISJOINT))
            .sample(examples(25));
        assertEquals(0, t.train().size());
    }

    @Test
    void topRandomAndMixTrainTypes() {
        LatentExamples ex = examples(200);
        Samples top = new Sampler(cfg(TrainType.TOP, 10, 50, 10, SamplingMode.DISJOINT)).sample(ex);
        Set<Integer> test = new HashSet<>();
        top.test().forEach(e -> test.add(rank(e)));
        List<Integer> expected = new ArrayList<>();
        for (int r = 0; expected.size() < 10; r++) {
            if (!test.contains(r)) {
                expected.add(r);
            }
        }
        assertEquals(expected, top.train().stream().map(SamplerTest::rank).toList());

        Samples random = new Sampler(cfg(TrainType.RANDOM, 30, 50, 10, SamplingMode.DISJOINT)).sample(ex);
        assertEquals(30, random.train().stream().map(SamplerTest::rank).distinct().count());

        Samples mix = new Sampler(cfg(TrainType.MIX, 40, 0, 10, SamplingMode.DISJOINT)).sample(ex);
        // first 0.2 * 40 = 8 are the top 8, then quantiles over the remaining 192 (size 19),
        // 32 / 10 = 3 from each: 38 in all (integer division, as delphi)
        assertEquals(38, mix.train().size());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7),
            mix.train().subList(0, 8).stream().map(SamplerTest::rank).toList());
        for (SampledExample e : mix.train().subList(8, 38)) {
            assertTrue(rank(e) >= 8);
            assertEquals((rank(e) - 8) / 19, e.quantile());
        }
    }

    @Test
    void delphiModeDrawsIndependentlySoSetsMayOverlap() {
        LatentExamples ex = examples(400);
        int overlaps = 0;
        for (int latent = 0; latent < 20; latent++) {
            LatentExamples e = new LatentExamples("m", latent, 400, 0, 0, ex.examples(), List.of(), null, null);
            Samples s = new Sampler(cfg(TrainType.QUANTILES, 40, 50, 10, SamplingMode.DELPHI)).sample(e);
            assertEquals(40, s.train().size());
            Set<Integer> test = new HashSet<>();
            s.test().forEach(t -> test.add(rank(t)));
            overlaps += (int) s.train().stream().filter(t -> test.contains(rank(t))).count();
        }
        // each quantile of 40 gives 4 train and 5 test: about 4 * 5/40 = 0.5 shared per quantile
        assertTrue(overlaps > 40 && overlaps < 200, "overlap " + overlaps);
    }

    @Test
    void sameSeedSameDrawsOtherSeedOtherDraws() {
        LatentExamples ex = examples(300);
        Sampler a = new Sampler(cfg(TrainType.QUANTILES, 40, 50, 10, SamplingMode.DISJOINT));
        List<Integer> first = a.sample(ex).train().stream().map(SamplerTest::rank).toList();
        assertEquals(first, a.sample(ex).train().stream().map(SamplerTest::rank).toList());
        Sampler b = new Sampler(new SamplerConfig(TrainType.QUANTILES, 40, 50, 10, 0.2,
            SamplingMode.DISJOINT, 23));
        assertNotEquals(first, b.sample(ex).train().stream().map(SamplerTest::rank).toList());
    }
}

package dev.augur.construct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.record.LatentRecord;
import dev.augur.sample.SamplerConfig;
import dev.augur.testing.Records;
import dev.augur.testing.TestCache;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small cases worked out by hand: 2 sequences of 12 tokens, windows of 4 (3 per sequence:
 * windows 0-2 in sequence 0, 3-5 in sequence 1).
 */
class HandComputedExamplesTest {
    @TempDir
    Path dir;

    private Path cache() throws Exception {
        TestCache c = TestCache.withPatternTokens(2, 12, 1000);
        c.add(0, 1, 0, 0.5f).add(0, 2, 0, 2.0f);   // window 0, max 2.0
        c.add(0, 4, 0, 1.5f).add(0, 6, 0, 1.5f);   // window 1, max 1.5 (first max at pos 4)
        c.add(0, 9, 0, 3.0f);                      // window 2, max 3.0
        c.add(1, 2, 0, 0.25f);                     // window 3 (flat 14), max 0.25
        c.add(1, 4, 0, 2.0f);                      // window 4 (flat 16), max 2.0
        c.add(1, 11, 0, 1.0f);                     // window 5 (flat 23), max 1.0
        c.add(0, 0, 1, 1.0f);                      // another latent, in the same split
        c.write(dir, "layers.0", new int[][] {{0, 1}});
        return dir;
    }

    private static int[] tokens(long start, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = (int) (((start + i) * 7 + 3) % 1000);
        }
        return t;
    }

    private LatentRecord build(WindowMode mode) throws Exception {
        ConstructorConfig cfg = new ConstructorConfig(4, 1, 0, 2, mode, NonActivatingSource.RANDOM, 1);
        // six examples leave no train set beside the test set: kept, construction is under test
        List<LatentRecord> r = Records.source(cache(), "0", cfg, SamplerConfig.defaults(1), null, false).records();
        assertEquals(1, r.size());
        return r.get(0);
    }

    @Test
    void alignedWindowsAreRankedByMaxWithTiesInWindowOrder() throws Exception {
        LatentExamples ex = build(WindowMode.ALIGNED).examples();
        assertNull(ex.skipped());
        assertEquals(8.0 / 24, ex.perTokenFrequency(), 1e-12);
        assertEquals(6.0 / 6, ex.perContextFrequency(), 1e-12);
        long[] starts = ex.examples().stream().mapToLong(ExampleWindow::start).toArray();
        assertArrayEquals(new long[] {8, 0, 16, 4, 20, 12}, starts); // windows 2,0,4,1,5,3
        assertArrayEquals(new float[] {0, 3f, 0, 0}, ex.examples().get(0).activations());
        assertArrayEquals(new float[] {0, 0.5f, 2f, 0}, ex.examples().get(1).activations());
        assertArrayEquals(new float[] {2f, 0, 0, 0}, ex.examples().get(2).activations());
        assertArrayEquals(new float[] {1.5f, 0, 1.5f, 0}, ex.examples().get(3).activations());
        assertArrayEquals(new float[] {0, 0, 0, 1f}, ex.examples().get(4).activations());
        assertArrayEquals(new float[] {0, 0, 0.25f, 0}, ex.examples().get(5).activations());
        assertArrayEquals(tokens(8, 4), ex.examples().get(0).tokens());
        assertEquals(3f, ex.maxActivation());
        // every window is active: no random non-activating window exists
        assertTrue(ex.nonActivating().isEmpty());
        assertTrue(ex.note().contains("no available randomly sampled"), ex.note());
    }

    @Test
    void centeredDropsFirstAndLastWindowsAndRecutsAroundTheMax() throws Exception {
        LatentExamples ex = build(WindowMode.CENTERED).examples();
        // kept: window 4 (max 2.0 at flat 16) then window 1 (max 1.5, first max at flat 4);
        // the max lands at index C - C/4 = 3
        assertEquals(2, ex.examples().size());
        ExampleWindow first = ex.examples().get(0);
        assertEquals(13, first.start());
        assertArrayEquals(new float[] {0, 0.25f, 0, 2f}, first.activations()); // flat 14 from window 3
        assertArrayEquals(tokens(13, 4), first.tokens());
        ExampleWindow second = ex.examples().get(1);
        assertEquals(1, second.start());
        assertArrayEquals(new float[] {0.5f, 2f, 0, 1.5f}, second.activations()); // from window 0
        assertEquals(1.5f, second.maxActivation());
    }

    @Test
    void tooFewExamplesSkipsWithTheReason() throws Exception {
        ConstructorConfig cfg = new ConstructorConfig(4, 7, 0, 2, WindowMode.ALIGNED,
            NonActivatingSource.RANDOM, 1);
        List<LatentRecord> r = Records.build(cache(), "0:2", cfg, SamplerConfig.defaults(1), null);
        assertEquals("too few examples: 6 < min_examples 7", r.get(0).examples().skipped());
        assertNull(r.get(0).samples());
        assertEquals("too few examples: 1 < min_examples 7", r.get(1).examples().skipped());
    }

    @Test
    void maxExamplesKeepsTheStrongest() throws Exception {
        ConstructorConfig cfg = new ConstructorConfig(4, 2, 3, 0, WindowMode.ALIGNED,
            NonActivatingSource.RANDOM, 1);
        LatentExamples ex = Records.build(cache(), "0", cfg, SamplerConfig.defaults(1), null)
            .get(0).examples();
        assertArrayEquals(new long[] {8, 0, 16},
            ex.examples().stream().mapToLong(ExampleWindow::start).toArray());
    }
}

package dev.augur.construct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.sample.SamplerConfig;
import dev.augur.testing.Records;
import dev.augur.testing.TestCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Neighbour negatives, Augur's exact draw against delphi's. 4 sequences of 16 tokens, windows
 * of 4 tokens (window w = sequence w / 4, tokens 4(w % 4) ...), n_non_activating 4.
 * Latent 0 fires in window 0. Its neighbours, nearest first: 1 (0.9), 2 (0.8), 3 (0.7).
 * Latent 1 fires in windows 0 (9, but 0 is latent 0's), 2 (1) and 5 (3).
 * Latent 2 fires in window 5 (50) and in windows 1, 3, 4, 6 ... 13 with activation = window index.
 * Latent 3 fires in window 14.
 */
class NeighbourDrawTest {
    @TempDir
    static Path dir;
    static Path cache;

    @BeforeAll
    static void write() throws Exception {
        cache = dir.resolve("latents");
        TestCache c = TestCache.withPatternTokens(4, 16, 1000);
        fire(c, 0, 0, 1f);
        fire(c, 1, 0, 9f);
        fire(c, 1, 2, 1f);
        fire(c, 1, 5, 3f);
        fire(c, 2, 5, 50f);
        for (int w : new int[] {1, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13}) {
            fire(c, 2, w, w);
        }
        fire(c, 3, 14, 1f);
        c.write(cache, "m", new int[][] {{0, 3}});
        Files.writeString(dir.resolve("m-co-occurrence.json"),
            "{\"0\": [[0.9, 1], [0.8, 2], [0.7, 3]]}");
    }

    /** The latent fires at the second token of window w. */
    private static void fire(TestCache c, int latent, int window, float value) {
        c.add(window / 4, 4 * (window % 4) + 1, latent, value);
    }

    private static NonActivatingWindow[] draw(NeighbourDraw mode) {
        ConstructorConfig cfg = new ConstructorConfig(4, 1, 0, 4, WindowMode.ALIGNED,
            NonActivatingSource.NEIGHBOURS, 3, mode);
        List<NonActivatingWindow> out = Records.build(cache, "0", cfg, SamplerConfig.defaults(3),
            dir.resolve("m-co-occurrence.json")).get(0).examples().nonActivating();
        return out.toArray(NonActivatingWindow[]::new);
    }

    private static int[] windows(NonActivatingWindow[] na) {
        int[] out = new int[na.length];
        for (int i = 0; i < na.length; i++) {
            out[i] = (int) (na[i].start() / 4);
        }
        return out;
    }

    private static float[] distances(NonActivatingWindow[] na) {
        float[] out = new float[na.length];
        for (int i = 0; i < na.length; i++) {
            out[i] = na[i].distance();
        }
        return out;
    }

    @Test
    void exactKeepsTheFirstNDistinctWindows() {
        NonActivatingWindow[] na = draw(NeighbourDraw.EXACT);
        // latent 1: 5, 2; latent 2: 5 already taken, then 13, 12 -> stop at 4
        assertArrayEquals(new int[] {5, 2, 13, 12}, windows(na));
        assertArrayEquals(new float[] {-0.9f, -0.9f, -0.8f, -0.8f}, distances(na));
    }

    @Test
    void delphiTakesTenOfTheLastNeighbourAndKeepsRepeats() {
        NonActivatingWindow[] na = draw(NeighbourDraw.DELPHI);
        // latent 1: 5, 2 (count 2 < 4, go on); latent 2: its ten strongest free windows, 5
        // again among them, 3 and 1 cut by the cap; count 12 >= 4, so latent 3 is never read
        assertArrayEquals(new int[] {5, 2, 5, 13, 12, 11, 10, 9, 8, 7, 6, 4}, windows(na));
        assertArrayEquals(new float[] {-0.9f, -0.9f, -0.8f, -0.8f, -0.8f, -0.8f, -0.8f, -0.8f,
            -0.8f, -0.8f, -0.8f, -0.8f}, distances(na));
        // activations are the neighbour's own, at the second token
        assertArrayEquals(new float[] {0, 3f, 0, 0}, na[0].activations());
        assertArrayEquals(new float[] {0, 50f, 0, 0}, na[2].activations());
        assertEquals(12, na.length);
    }
}

package dev.augur.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.testing.TestCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Co-occurrence neighbours against a brute-force count over every pair and every position. */
class CoOccurrenceTest {
    private static final int[][] SPLITS = {{0, 12}, {13, 13}, {14, 39}};

    @TempDir
    Path dir;

    @Test
    void equalsTheBruteForceCountOverEverySplit() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            TestCache cache = TestCache.withPatternTokens(8, 16, 50).randomActivations(40, seed, 60);
            // planted ties: 7, 21, 28, 35 (silent in the random part) fire at the same positions,
            // so each has Jaccard 1 with the others, across splits; 13, alone in its split, too
            for (int p = 0; p < 6; p++) {
                for (int l : new int[] {7, 21, 28, 35}) {
                    addOnce(cache, p, l);
                }
                if (p % 2 == 0) {
                    addOnce(cache, p, 13);
                }
            }
            ModuleCache module = write(cache, "m" + seed);
            for (int k : new int[] {1, 3, 10}) {
                for (int threads : new int[] {1, 3}) {
                    NeighbourTable table = CoOccurrence.compute(module, k, threads);
                    assertEquals(bruteForce(cache.acts(), 40, k), rows(table), "seed " + seed
                        + ", k " + k + ", threads " + threads);
                }
            }
            NeighbourTable t = CoOccurrence.compute(module, 2, 2);
            assertEquals(0, t.count(0), "latent 0 is dead (TestCache leaves l % 7 == 0 silent)");
            assertTrue(t.neighbour(21, 0) == 7 && t.neighbour(21, 1) == 28 && t.value(21, 1) == 1f,
                "ties go to the lower index");
        }
    }

    @Test
    void aLatentRepeatedAtOnePositionIsACacheError() throws Exception {
        TestCache cache = TestCache.withPatternTokens(2, 8, 20);
        cache.add(0, 1, 3, 1f).add(0, 1, 3, 2f).add(0, 1, 4, 1f);
        ModuleCache module = write(cache, "dup");
        AugurException e = assertThrows(AugurException.class, () -> CoOccurrence.compute(module, 2, 1));
        assertTrue(e.getMessage().contains("latent 3 is listed more than once"), e.getMessage());
    }

    /** The random activations may already hold (seq, 15, latent): a cache never repeats one. */
    private static void addOnce(TestCache cache, int seq, int latent) {
        if (cache.acts().stream().noneMatch(a -> a.seq() == seq && a.pos() == 15 && a.latent() == latent)) {
            cache.add(seq, 15, latent, 1f);
        }
    }

    private ModuleCache write(TestCache cache, String name) throws Exception {
        cache.write(dir, name, SPLITS);
        return LatentCache.open(dir.resolve(name)).module(name);
    }

    /** Every latent's list as "j:value" strings, nearest first; only c_ij > 0; self left out. */
    private static List<List<String>> bruteForce(List<TestCache.Act> acts, int width, int k) {
        List<Set<Long>> at = new ArrayList<>();
        for (int l = 0; l < width; l++) {
            at.add(new HashSet<>());
        }
        acts.forEach(a -> at.get(a.latent()).add((long) a.seq() * 1000 + a.pos()));
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            List<float[]> cands = new ArrayList<>();
            for (int j = 0; j < width; j++) {
                Set<Long> both = new HashSet<>(at.get(i));
                both.retainAll(at.get(j));
                if (j != i && !both.isEmpty()) {
                    double jac = (double) both.size() / (at.get(i).size() + at.get(j).size() - both.size());
                    cands.add(new float[] {(float) jac, j});
                }
            }
            cands.sort((a, b) -> a[0] != b[0] ? Float.compare(b[0], a[0]) : Float.compare(a[1], b[1]));
            out.add(cands.stream().limit(k).map(c -> (int) c[1] + ":" + c[0]).toList());
        }
        return out;
    }

    private static List<List<String>> rows(NeighbourTable t) {
        List<List<String>> out = new ArrayList<>();
        for (int l = 0; l < t.width(); l++) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < t.count(l); i++) {
                row.add(t.neighbour(l, i) + ":" + t.value(l, i));
            }
            out.add(row);
        }
        return out;
    }
}

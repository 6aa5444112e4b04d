package dev.augur.construct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.cache.LatentActivations;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The rank-th inactive window, by binary search over the active ones, against a plain count. */
class InactiveWindowRankTest {
    @Test
    void rankSelectsTheSameWindowAsCountingInactiveWindows() {
        Random r = new Random(9);
        int c = 4;
        for (int trial = 0; trial < 300; trial++) {
            int nWindows = 1 + r.nextInt(200);
            double density = r.nextDouble();
            BitSet active = new BitSet();
            for (int w = 0; w < nWindows; w++) {
                if (r.nextDouble() < density) {
                    active.set(w);
                }
            }
            int[] flat = active.stream().map(w -> w * c + r.nextInt(c)).toArray();
            float[] values = new float[flat.length];
            java.util.Arrays.fill(values, 1f);
            ActiveWindows windows = ActiveWindows.of(
                new LatentActivations(0, flat, values, 0, flat.length), c);
            int rank = 0;
            for (int w = 0; w < nWindows; w++) {
                if (!active.get(w)) {
                    assertEquals(w, windows.inactiveWindowAt(rank), "rank " + rank + " of " + active);
                    rank++;
                }
            }
        }
    }
}

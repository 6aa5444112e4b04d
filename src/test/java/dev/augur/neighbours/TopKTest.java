package dev.augur.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The selector against a full sort, with many ties. */
class TopKTest {
    @Test
    void keepsTheKLargestValuesTiesToTheLowerIndex() {
        Random rng = new Random(7);
        for (int round = 0; round < 200; round++) {
            int k = 1 + rng.nextInt(12);
            int n = rng.nextInt(60);
            TopK top = new TopK(k);
            List<float[]> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float v = rng.nextInt(6) / 4f;
                all.add(new float[] {v, i});
            }
            java.util.Collections.shuffle(all, rng);
            all.forEach(p -> top.offer((int) p[1], p[0]));
            all.sort(Comparator.<float[]>comparingDouble(p -> -p[0]).thenComparingDouble(p -> p[1]));
            NeighbourTable table = new NeighbourTable(1, k);
            table.set(0, top);
            assertEquals(Math.min(k, n), table.count(0));
            for (int i = 0; i < table.count(0); i++) {
                assertEquals((int) all.get(i)[1], table.neighbour(0, i), "round " + round + " #" + i);
                assertEquals(all.get(i)[0], table.value(0, i));
            }
            assertEquals(0, top.size());
        }
    }

    @Test
    void ignoresNaN() {
        TopK top = new TopK(2);
        top.offer(0, Float.NaN);
        top.offer(1, 0.5f);
        assertEquals(1, top.size());
    }
}

package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sub-batch planning from the device's free memory (pure host logic). */
class SubBatchPlannerTest {
    @Test
    void everythingFitsInOneSubBatchWhenMemoryAllows() {
        List<int[]> plan = SubBatchPlanner.plan(new int[] {10, 20, 30}, 1L << 30);
        assertEquals(1, plan.size());
        assertArrayEquals(new int[] {0, 3}, plan.get(0));
    }

    @Test
    void rangesAreConsecutiveCoverEveryLatentAndStayWithinTheBudget() {
        Random r = new Random(3);
        int[] counts = new int[500];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 1 + (int) Math.exp(r.nextGaussian() * 1.5 + 4);
        }
        long budget = SubBatchPlanner.bytesFor(20, 3000);
        List<int[]> plan = SubBatchPlanner.plan(counts, budget);
        int next = 0;
        for (int[] range : plan) {
            assertEquals(next, range[0], "consecutive");
            assertTrue(range[1] > range[0]);
            long acts = 0;
            for (int i = range[0]; i < range[1]; i++) {
                acts += counts[i];
            }
            assertTrue(range[1] - range[0] == 1
                || SubBatchPlanner.bytesFor(range[1] - range[0], acts) <= budget);
            next = range[1];
        }
        assertEquals(counts.length, next);
        assertTrue(plan.size() > 5, "split into several: " + plan.size());
    }

    @Test
    void aLatentLargerThanTheBudgetGetsARangeOfItsOwn() {
        List<int[]> plan = SubBatchPlanner.plan(new int[] {5, 1_000_000, 5}, SubBatchPlanner.bytesFor(2, 100));
        assertEquals(3, plan.size());
        assertArrayEquals(new int[] {1, 2}, plan.get(1));
    }

    @Test
    void theBudgetKeepsAFifthAndAReserveFree() {
        assertEquals(0, SubBatchPlanner.budget(10));
        long free = 10L << 30;
        assertEquals(free / 5 * 4 - SubBatchPlanner.RESERVED_BYTES, SubBatchPlanner.budget(free));
    }
}

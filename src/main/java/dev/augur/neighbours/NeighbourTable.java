package dev.augur.neighbours;

import java.util.Arrays;

/**
 * The top-k neighbours of every latent of a module, nearest first: O(width x k) memory, never
 * width x width. Rows are filled independently, so threads may fill different rows at once.
 * Order within a row: larger value first, then lower neighbour index (SPEC 2).
 */
public final class NeighbourTable {
    private final int width;
    private final int k;
    private final int[] neighbour;
    private final float[] value;
    private final int[] count;

    public NeighbourTable(int width, int k) {
        if (width < 0 || k < 1) {
            throw new IllegalArgumentException("width " + width + ", k " + k);
        }
        this.width = width;
        this.k = k;
        this.neighbour = new int[Math.multiplyExact(width, k)];
        this.value = new float[neighbour.length];
        this.count = new int[width];
    }

    public int width() {
        return width;
    }

    public int k() {
        return k;
    }

    /** How many neighbours the latent has (0 for a dead latent). */
    public int count(int latent) {
        return count[latent];
    }

    /** The i-th nearest neighbour's latent index. */
    public int neighbour(int latent, int i) {
        check(latent, i);
        return neighbour[latent * k + i];
    }

    /** The i-th nearest neighbour's value (Jaccard index or cosine). */
    public float value(int latent, int i) {
        check(latent, i);
        return value[latent * k + i];
    }

    /** Sets a latent's row from a selector; the selector is emptied. */
    public void set(int latent, TopK row) {
        count[latent] = row.drainInto(neighbour, value, latent * k);
    }

    /** Sets a latent's row from lists already in order (nearest first); at most k used. */
    public void set(int latent, int[] neighbours, float[] values, int n) {
        int m = Math.min(n, k);
        System.arraycopy(neighbours, 0, neighbour, latent * k, m);
        System.arraycopy(values, 0, value, latent * k, m);
        count[latent] = m;
    }

    private void check(int latent, int i) {
        if (i < 0 || i >= count[latent]) {
            throw new IndexOutOfBoundsException("latent " + latent + " has " + count[latent]
                + " neighbours, asked for #" + i);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeighbourTable t && t.width == width && t.k == k
            && Arrays.equals(t.count, count) && sameRows(t);
    }

    private boolean sameRows(NeighbourTable t) {
        for (int l = 0; l < width; l++) {
            for (int i = 0; i < count[l]; i++) {
                if (t.neighbour(l, i) != neighbour(l, i) || t.value(l, i) != value(l, i)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(count) * 31 + width;
    }
}

package dev.augur.neighbours;

/**
 * Keeps the k best (value, index) pairs offered: larger value first, ties to the lower index.
 * A bounded heap whose root is the worst pair kept, so each offer is O(log k). Reusable: a
 * drain empties it.
 */
public final class TopK {
    private final int k;
    private final int[] index;
    private final float[] value;
    private int size;

    public TopK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k " + k);
        }
        this.k = k;
        this.index = new int[k];
        this.value = new float[k];
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** True when (v, i) is nearer than (w, j). NaN values are never kept (see offer). */
    static boolean better(float v, int i, float w, int j) {
        return v > w || (v == w && i < j);
    }

    /** The worst value kept, or -infinity while fewer than k are kept; for skipping work. */
    public float threshold() {
        return size < k ? Float.NEGATIVE_INFINITY : value[0];
    }

    public void offer(int i, float v) {
        if (Float.isNaN(v)) {
            return;
        }
        if (size < k) {
            index[size] = i;
            value[size] = v;
            siftUp(size++);
        } else if (better(v, i, value[0], index[0])) {
            index[0] = i;
            value[0] = v;
            siftDown(0);
        }
    }

    /** Writes the kept pairs nearest first at {@code at}; returns how many; empties this. */
    int drainInto(int[] indexOut, float[] valueOut, int at) {
        int n = size;
        for (int pos = n - 1; pos >= 0; pos--) {
            indexOut[at + pos] = index[0];
            valueOut[at + pos] = value[0];
            size--;
            index[0] = index[size];
            value[0] = value[size];
            siftDown(0);
        }
        size = 0;
        return n;
    }

    private void siftUp(int c) {
        while (c > 0) {
            int p = (c - 1) / 2;
            if (!better(value[p], index[p], value[c], index[c])) {
                return;
            }
            swap(p, c);
            c = p;
        }
    }

    private void siftDown(int p) {
        while (true) {
            int l = 2 * p + 1;
            int r = l + 1;
            int worst = p;
            if (l < size && better(value[worst], index[worst], value[l], index[l])) {
                worst = l;
            }
            if (r < size && better(value[worst], index[worst], value[r], index[r])) {
                worst = r;
            }
            if (worst == p) {
                return;
            }
            swap(p, worst);
            p = worst;
        }
    }

    private void swap(int a, int b) {
        int ti = index[a];
        index[a] = index[b];
        index[b] = ti;
        float tv = value[a];
        value[a] = value[b];
        value[b] = tv;
    }
}

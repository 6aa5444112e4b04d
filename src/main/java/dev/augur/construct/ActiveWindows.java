package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The distinct windows a latent fires in, in corpus order: window id, the range of its
 * activations (acts sorted by position) and the window's maximum.
 */
final class ActiveWindows {
    private final int[] window;
    private final int[] from;
    private final int[] to;
    private final float[] max;
    private final int size;

    private ActiveWindows(int[] window, int[] from, int[] to, float[] max, int size) {
        this.window = window;
        this.from = from;
        this.to = to;
        this.max = max;
        this.size = size;
    }

    static ActiveWindows of(LatentActivations acts, int c) {
        int n = acts.size();
        int[] window = new int[n];
        int[] from = new int[n];
        int[] to = new int[n];
        float[] max = new float[n];
        int k = -1;
        for (int j = 0; j < n; j++) {
            int w = acts.flatAt(j) / c;
            if (k < 0 || window[k] != w) {
                k++;
                window[k] = w;
                from[k] = j;
                max[k] = acts.valueAt(j);
            } else if (acts.valueAt(j) > max[k]) {
                max[k] = acts.valueAt(j);
            }
            to[k] = j + 1;
        }
        return new ActiveWindows(window, from, to, max, k + 1);
    }

    /**
     * The same windows from an accelerator's ranked output (slot = corpus-order index), checked
     * to be a permutation with ranges inside the latent's {@code nActs} activations.
     */
    static ActiveWindows fromRanked(RankedWindows r, int nActs) {
        int n = r.count();
        int[] window = new int[n];
        int[] from = new int[n];
        int[] to = new int[n];
        float[] max = new float[n];
        boolean[] seen = new boolean[n];
        for (int k = 0; k < n; k++) {
            int o = r.offset() + k;
            int slot = r.slot()[o];
            if (slot < 0 || slot >= n || seen[slot] || r.from()[o] < 0 || r.from()[o] >= r.to()[o]
                || r.to()[o] > nActs) {
                throw new IllegalStateException("ranked windows are inconsistent at rank " + k
                    + " (slot " + slot + " of " + n + ", range [" + r.from()[o] + ", " + r.to()[o]
                    + ") of " + nActs + " activations)");
            }
            seen[slot] = true;
            window[slot] = r.window()[o];
            from[slot] = r.from()[o];
            to[slot] = r.to()[o];
            max[slot] = r.max()[o];
        }
        if (n > 0 && (from[0] != 0 || to[n - 1] != nActs)) {
            throw new IllegalStateException("ranked windows do not cover the latent's " + nActs
                + " activations");
        }
        for (int i = 1; i < n; i++) {
            if (window[i] <= window[i - 1] || from[i] != to[i - 1]) {
                throw new IllegalStateException("ranked windows are not in corpus order at slot " + i);
            }
        }
        return new ActiveWindows(window, from, to, max, n);
    }

    int size() {
        return size;
    }

    int window(int i) {
        return window[i];
    }

    int from(int i) {
        return from[i];
    }

    int to(int i) {
        return to[i];
    }

    float max(int i) {
        return max[i];
    }

    /** Indices ordered by maximum, descending; ties keep window order. */
    int[] rankByMax() {
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = ((long) ~sortable(max[i]) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** An int whose signed order is the float's numeric order (NaN aside). */
    private static int sortable(float f) {
        int b = Float.floatToIntBits(f);
        return b ^ ((b >> 31) & 0x7FFFFFFF);
    }

    BitSet asBitSet() {
        BitSet set = new BitSet();
        for (int i = 0; i < size; i++) {
            set.set(window[i]);
        }
        return set;
    }

    /**
     * The id of the rank-th (0-based) window where the latent does not fire. Active windows
     * are sorted and distinct, so window[k] - k (inactive windows below window[k]) never
     * decreases: the answer is rank plus the number of active windows with window[k] - k <= rank.
     */
    int inactiveWindowAt(int rank) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (window[mid] - mid <= rank) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return rank + lo;
    }

    boolean contains(int w) {
        return Arrays.binarySearch(window, 0, size, w) >= 0;
    }
}

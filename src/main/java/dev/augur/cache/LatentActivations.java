package dev.augur.cache;

import java.util.Arrays;

/**
 * One latent's activations: flat corpus positions ({@code seq * L + pos}) and values, a slice
 * {@code [from, to)} of shared arrays, in stored order.
 */
public record LatentActivations(int latent, int[] flat, float[] values, int from, int to) {
    /** No activations at all (random non-activating windows). */
    public static final LatentActivations NONE =
        new LatentActivations(-1, new int[0], new float[0], 0, 0);

    /** The non-zero entries of a dense vector starting at flat position {@code start}. */
    public static LatentActivations fromDense(long start, float[] dense) {
        int n = 0;
        for (float v : dense) {
            n += v != 0 ? 1 : 0;
        }
        int[] f = new int[n];
        float[] v = new float[n];
        for (int i = 0, k = 0; i < dense.length; i++) {
            if (dense[i] != 0) {
                f[k] = Math.toIntExact(start + i);
                v[k++] = dense[i];
            }
        }
        return new LatentActivations(-1, f, v, 0, n);
    }

    /** A sub-range [from + lo, from + hi) of this slice. */
    public LatentActivations slice(int lo, int hi) {
        return new LatentActivations(latent, flat, values, from + lo, from + hi);
    }

    /**
     * The activations at flat positions [start, start + length) as a dense vector; this slice
     * must be sorted by position (duplicates keep the larger value).
     */
    public float[] dense(long start, int length) {
        float[] a = new float[length];
        for (int j = lowerBound(start); j < to && flat[j] < start + length; j++) {
            int off = (int) (flat[j] - start);
            a[off] = Math.max(a[off], values[j]);
        }
        return a;
    }

    /** Index (into the shared arrays) of the first activation at or after {@code position}. */
    public int lowerBound(long position) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (flat[mid] < position) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public int size() {
        return to - from;
    }

    public boolean isEmpty() {
        return to == from;
    }

    public int flatAt(int i) {
        return flat[from + i];
    }

    public float valueAt(int i) {
        return values[from + i];
    }

    /**
     * The same activations ordered by position. delphi's caches are already in (seq, pos) order,
     * so this is normally a check and no copy; ties keep stored order (stable).
     */
    public LatentActivations sortedByPosition() {
        for (int i = from + 1; i < to; i++) {
            if (flat[i] < flat[i - 1]) {
                return sortedCopy();
            }
        }
        return this;
    }

    private LatentActivations sortedCopy() {
        int n = size();
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) flat[from + i] << 32) | i; // position, then stored order
        }
        Arrays.sort(keys);
        int[] f = new int[n];
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            int src = (int) keys[i];
            f[i] = flat[from + src];
            v[i] = values[from + src];
        }
        return new LatentActivations(latent, f, v, 0, n);
    }
}

package dev.augur.neighbours;

import java.util.stream.IntStream;

/**
 * Rows scaled to unit length once, on the host, so the CPU and CUDA paths multiply the same
 * floats. A zero row has no direction: it is marked and gets no neighbours, and it is never a
 * neighbour of another latent (delphi's NaN cosine, which it turns into 0, is left out instead).
 */
public final class UnitRows {
    private final int width;
    private final int d;
    private final float[] data;
    private final boolean[] zero;

    private UnitRows(int width, int d, float[] data, boolean[] zero) {
        this.width = width;
        this.d = d;
        this.data = data;
        this.zero = zero;
    }

    /** Scales the rows in place (norm summed in double, each element divided and rounded once). */
    public static UnitRows normalise(WeightRows rows) {
        int d = rows.d();
        float[] x = rows.data();
        boolean[] zero = new boolean[rows.width()];
        IntStream.range(0, rows.width()).parallel().forEach(l -> {
            int at = l * d;
            double sum = 0;
            for (int j = 0; j < d; j++) {
                sum += (double) x[at + j] * x[at + j];
            }
            double norm = Math.sqrt(sum);
            if (norm == 0) {
                zero[l] = true;
                return;
            }
            for (int j = 0; j < d; j++) {
                x[at + j] = (float) (x[at + j] / norm);
            }
        });
        return new UnitRows(rows.width(), d, x, zero);
    }

    public int width() {
        return width;
    }

    public int d() {
        return d;
    }

    /** Row-major, width x d. */
    float[] data() {
        return data;
    }

    public boolean zero(int latent) {
        return zero[latent];
    }

    /** 1 for a latent with a direction, 0 for a zero row (the CUDA kernel's mask). */
    int[] aliveMask() {
        int[] m = new int[width];
        for (int l = 0; l < width; l++) {
            m[l] = zero[l] ? 0 : 1;
        }
        return m;
    }
}

package dev.augur.cache;

/**
 * The activations of one split file grouped by latent (a stable counting sort, O(N)), as flat
 * positions and float values. Built in two streaming passes over the mapped tensors, so the only
 * heap it takes is the grouped result (8 bytes per activation).
 */
public final class SplitActivations {
    private static final int BLOCK = 1 << 15;
    /** Rows mapped at a time: the pages of one block, not of the whole file, count in RSS. */
    private static final int MAPPED_ROWS = 1 << 20;

    private final SplitFile split;
    private final int[] offsets;
    private final int[] flat;
    private final float[] values;

    private SplitActivations(SplitFile split, int[] offsets, int[] flat, float[] values) {
        this.split = split;
        this.offsets = offsets;
        this.flat = flat;
        this.values = values;
    }

    public SplitFile split() {
        return split;
    }

    public int start() {
        return split.start();
    }

    public int end() {
        return split.end();
    }

    public long totalActivations() {
        return flat.length;
    }

    public int count(int latent) {
        int rel = latent - split.start();
        return offsets[rel + 1] - offsets[rel];
    }

    public LatentActivations latent(int latent) {
        if (!split.covers(latent)) {
            throw new IllegalArgumentException("latent " + latent + " is not in split " + split);
        }
        int rel = latent - split.start();
        return new LatentActivations(latent, flat, values, offsets[rel], offsets[rel + 1]);
    }

    /** Number of activations per latent of the split (index = latent - start), validated. */
    public static int[] countPerLatent(SafetensorsFile file, SplitFile split, int nSeq, int seqLen) {
        int[] counts = new int[split.size()];
        long n = rows(file);
        long[] buf = new long[3 * BLOCK];
        for (long base = 0; base < n; base += MAPPED_ROWS) {
            int mappedRows = (int) Math.min(MAPPED_ROWS, n - base);
            try (Tensor loc = file.slice("locations", base * 3, mappedRows * 3L)) {
                for (int row = 0; row < mappedRows; row += BLOCK) {
                    int rows = Math.min(BLOCK, mappedRows - row);
                    loc.readLongs(row * 3L, buf, 0, rows * 3);
                    for (int r = 0; r < rows; r++) {
                        check(file, split, base + row + r, buf[3 * r], buf[3 * r + 1],
                            buf[3 * r + 2], nSeq, seqLen);
                        counts[(int) buf[3 * r + 2]]++;
                    }
                }
            }
        }
        return counts;
    }

    /** Reads and groups a split, mapping one block of rows at a time. */
    public static SplitActivations load(SafetensorsFile file, SplitFile split, int nSeq, int seqLen) {
        int[] counts = countPerLatent(file, split, nSeq, seqLen);
        long n = rows(file);
        SafetensorsFile.TensorInfo act = file.info("activations");
        if (act.shape().length != 1 || act.count() != n || !act.dtype().isFloating()) {
            throw new CacheFormatException(file.path(), "tensor 'activations' " + act.dtype()
                + java.util.Arrays.toString(act.shape()) + " must be a 1-D float tensor with one "
                + "value per location (" + n + ")");
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new CacheFormatException(file.path(), n + " activations in one split file "
                + "exceed 2^31; re-split the cache into more files");
        }
        int[] offsets = new int[counts.length + 1];
        for (int i = 0; i < counts.length; i++) {
            offsets[i + 1] = offsets[i] + counts[i];
        }
        int[] cursor = java.util.Arrays.copyOf(offsets, counts.length);
        int[] flat = new int[(int) n];
        float[] values = new float[(int) n];
        long[] buf = new long[3 * BLOCK];
        float[] vbuf = new float[BLOCK];
        for (long base = 0; base < n; base += MAPPED_ROWS) {
            int mappedRows = (int) Math.min(MAPPED_ROWS, n - base);
            try (Tensor loc = file.slice("locations", base * 3, mappedRows * 3L);
                 Tensor val = file.slice("activations", base, mappedRows)) {
                for (int row = 0; row < mappedRows; row += BLOCK) {
                    int rows = Math.min(BLOCK, mappedRows - row);
                    loc.readLongs(row * 3L, buf, 0, rows * 3);
                    val.readFloats(row, vbuf, 0, rows);
                    for (int r = 0; r < rows; r++) {
                        float v = vbuf[r];
                        if (!(Math.abs(v) <= Float.MAX_VALUE)) { // NaN or infinite
                            throw notFinite(file, base + row + r, v);
                        }
                        int dst = cursor[(int) buf[3 * r + 2]]++;
                        flat[dst] = (int) (buf[3 * r] * seqLen + buf[3 * r + 1]);
                        values[dst] = v;
                    }
                }
            }
        }
        return new SplitActivations(split, offsets, flat, values);
    }

    /** A NaN or infinite activation would sort and serialize as garbage ("NaN" in JSON). */
    private static CacheFormatException notFinite(SafetensorsFile file, long row, float v) {
        return new CacheFormatException(file.path(), "activation " + row + " is " + v
            + ": activations must be finite numbers (a corrupt or overflowed cache)");
    }

    private static long rows(SafetensorsFile file) {
        SafetensorsFile.TensorInfo info = file.info("locations");
        if (info.shape().length != 2 || info.shape()[1] != 3 || info.dtype().isFloating()
            || info.dtype() == DType.BOOL) {
            throw new CacheFormatException(file.path(), "tensor 'locations' must be an integer "
                + "tensor [N, 3], found " + info.dtype() + java.util.Arrays.toString(info.shape()));
        }
        return info.shape()[0];
    }

    private static void check(SafetensorsFile file, SplitFile split, long row, long seq, long pos,
                              long rel, int nSeq, int seqLen) {
        if (seq < 0 || seq >= nSeq || pos < 0 || pos >= seqLen || rel < 0 || rel >= split.size()) {
            throw new CacheFormatException(file.path(), "locations row " + row + " = [" + seq
                + ", " + pos + ", " + rel + "] is outside tokens [" + nSeq + ", " + seqLen
                + "] or the split's " + split.size() + " latents");
        }
    }
}

package dev.augur.neighbours;

import dev.augur.construct.cuda.DeviceFailureException;
import dev.augur.testing.HostDeviceMemory;

/**
 * A HOST EMULATION of the kernels in src/main/cuda/similarity.cu behind the device seam: each
 * kernel re-stated in Java, block by block and thread by thread, so CudaSimilarity's host side
 * (planning, uploads, launch arguments, downloads, halving on out of memory) runs for real
 * without a GPU. It does not verify the CUDA code itself; CudaSimilarityEquivalenceTest does,
 * on a GPU. Knobs (a memory capacity, a free-memory figure, a kernel that fails) are
 * {@link HostDeviceMemory}'s.
 */
final class HostSimilarityDevice extends HostDeviceMemory {
    private static final int BLOCK = SimilarityKernels.BLOCK;
    private static final int TILE = SimilarityKernels.TILE;

    int scoreLaunches;

    @Override
    public String description() {
        return "host emulation of the similarity kernels";
    }

    @Override
    public void launch(String kernel, int blocks, Object... a) {
        failIfFailing(kernel);
        switch (kernel) {
            case SimilarityKernels.SCORES -> {
                scoreLaunches++;
                for (int b = 0; b < blocks; b++) {
                    scoresBlock(b, floats(a[0]), (Integer) a[1], (Integer) a[2], (Integer) a[3], (Integer) a[4], floats(a[5]));
                }
            }
            case SimilarityKernels.TOP_K -> {
                for (int b = 0; b < blocks; b++) {
                    topKBlock(b, floats(a[0]), (Integer) a[1], (Integer) a[2], ints(a[3]), (Integer) a[4],
                        ints(a[5]), floats(a[6]));
                }
            }
            default -> throw new DeviceFailureException("no kernel named " + kernel);
        }
    }

    /** similarity_scores: a 64 x 64 tile, 16 x 16 threads of 4 x 4 sums, in order over d. */
    private static void scoresBlock(int b, float[] unit, int width, int d, int row0, int rows, float[] scores) {
        int colBlocks = (width + TILE - 1) / TILE;
        int rBase = (b / colBlocks) * TILE;
        int cBase = (b % colBlocks) * TILE;
        for (int t = 0; t < BLOCK; t++) {
            int tx = t % 16;
            int ty = t / 16;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    int r = rBase + ty + 16 * i;
                    int c = cBase + tx + 16 * j;
                    if (r < rows && c < width) {
                        float acc = 0f;
                        for (int s = 0; s < d; s++) {
                            acc = Math.fma(unit[(row0 + r) * d + s], unit[c * d + s], acc);
                        }
                        scores[r * width + c] = acc;
                    }
                }
            }
        }
    }

    private static boolean better(float v, int i, float w, int j) {
        return v > w || (v == w && i < j);
    }

    /** row_topk: per-thread sorted lists over strided columns, then k rounds of block arg-max. */
    private static void topKBlock(int r, float[] scores, int width, int row0, int[] alive, int k,
                                  int[] outIdx, float[] outVal) {
        float[][] lv = new float[BLOCK][k];
        int[][] li = new int[BLOCK][k];
        int[] n = new int[BLOCK];
        for (int t = 0; t < BLOCK; t++) {
            for (int c = t; c < width; c += BLOCK) {
                if (c == row0 + r || alive[c] == 0) {
                    continue;
                }
                float v = scores[r * width + c];
                if (n[t] == k && !better(v, c, lv[t][k - 1], li[t][k - 1])) {
                    continue;
                }
                int p = n[t] < k ? n[t]++ : k - 1;
                while (p > 0 && better(v, c, lv[t][p - 1], li[t][p - 1])) {
                    lv[t][p] = lv[t][p - 1];
                    li[t][p] = li[t][p - 1];
                    p--;
                }
                lv[t][p] = v;
                li[t][p] = c;
            }
        }
        int[] head = new int[BLOCK];
        for (int out = 0; out < k; out++) {
            float bv = Float.NEGATIVE_INFINITY;
            int bi = Integer.MAX_VALUE;
            int win = 0;
            for (int t = 0; t < BLOCK; t++) { // the tree reduction picks the same best pair
                float v = head[t] < n[t] ? lv[t][head[t]] : Float.NEGATIVE_INFINITY;
                int i = head[t] < n[t] ? li[t][head[t]] : Integer.MAX_VALUE;
                if (better(v, i, bv, bi)) {
                    bv = v;
                    bi = i;
                    win = t;
                }
            }
            outIdx[r * k + out] = bi == Integer.MAX_VALUE ? -1 : bi;
            outVal[r * k + out] = bv;
            head[win]++;
        }
    }
}

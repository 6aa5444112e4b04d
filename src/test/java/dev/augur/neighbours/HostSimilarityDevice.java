package dev.augur.neighbours;

import dev.augur.construct.cuda.ConstructionDevice;
import dev.augur.construct.cuda.DeviceArray;
import dev.augur.construct.cuda.DeviceFailureException;

/**
 * A HOST EMULATION of the kernels in src/main/cuda/similarity.cu behind the device seam: each
 * kernel re-stated in Java, block by block and thread by thread, so CudaSimilarity's host side
 * (planning, uploads, launch arguments, downloads, halving on out of memory) runs for real
 * without a GPU. It does not verify the CUDA code itself; CudaSimilarityEquivalenceTest does,
 * on a GPU. Knobs: a memory capacity, a free-memory figure to report, a kernel that fails.
 */
final class HostSimilarityDevice implements ConstructionDevice {
    private static final int BLOCK = SimilarityKernels.BLOCK;
    private static final int TILE = SimilarityKernels.TILE;

    private record HostArray(Object data, int length, long bytes) implements DeviceArray {
    }

    long capacityBytes = Long.MAX_VALUE / 2;
    Long reportedFree;
    String failingKernel;
    long allocated;
    int oomCount;
    int scoreLaunches;
    boolean closed;

    @Override
    public String description() {
        return "host emulation of the similarity kernels";
    }

    @Override
    public long freeBytes() {
        return reportedFree != null ? reportedFree : capacityBytes - allocated;
    }

    private DeviceArray alloc(Object data, int length, long bytes) {
        if (allocated + bytes > capacityBytes) {
            oomCount++;
            throw new DeviceFailureException("cuMemAlloc of " + bytes + " bytes failed: "
                + "CUDA_ERROR_OUT_OF_MEMORY (emulated)", true, null);
        }
        allocated += bytes;
        return new HostArray(data, length, bytes);
    }

    @Override
    public DeviceArray allocInts(int length) {
        return alloc(new int[length], length, 4L * length);
    }

    @Override
    public DeviceArray allocFloats(int length) {
        return alloc(new float[length], length, 4L * length);
    }

    @Override
    public DeviceArray allocLongs(int length) {
        return alloc(new long[length], length, 8L * length);
    }

    @Override
    public void free(DeviceArray array) {
        allocated -= ((HostArray) array).bytes();
    }

    @Override
    public void upload(DeviceArray dst, int[] src, int from, int length) {
        System.arraycopy(src, from, (int[]) ((HostArray) dst).data(), 0, length);
    }

    @Override
    public void upload(DeviceArray dst, float[] src, int from, int length) {
        System.arraycopy(src, from, (float[]) ((HostArray) dst).data(), 0, length);
    }

    @Override
    public void download(DeviceArray src, int[] dst, int length) {
        System.arraycopy((int[]) ((HostArray) src).data(), 0, dst, 0, length);
    }

    @Override
    public void download(DeviceArray src, float[] dst, int length) {
        System.arraycopy((float[]) ((HostArray) src).data(), 0, dst, 0, length);
    }

    private static float[] f(Object a) {
        return (float[]) ((HostArray) a).data();
    }

    private static int[] i(Object a) {
        return (int[]) ((HostArray) a).data();
    }

    @Override
    public void launch(String kernel, int blocks, Object... a) {
        if (kernel.equals(failingKernel)) {
            throw new DeviceFailureException("launching " + kernel + " failed: "
                + "CUDA_ERROR_LAUNCH_FAILED (emulated)");
        }
        switch (kernel) {
            case SimilarityKernels.SCORES -> {
                scoreLaunches++;
                for (int b = 0; b < blocks; b++) {
                    scoresBlock(b, f(a[0]), (Integer) a[1], (Integer) a[2], (Integer) a[3], (Integer) a[4], f(a[5]));
                }
            }
            case SimilarityKernels.TOP_K -> {
                for (int b = 0; b < blocks; b++) {
                    topKBlock(b, f(a[0]), (Integer) a[1], (Integer) a[2], i(a[3]), (Integer) a[4],
                        i(a[5]), f(a[6]));
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

    @Override
    public void synchronize() {
    }

    @Override
    public void close() {
        closed = true;
    }
}

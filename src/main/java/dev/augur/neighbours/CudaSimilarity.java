package dev.augur.neighbours;

import dev.augur.construct.cuda.ConstructionDevice;
import dev.augur.construct.cuda.DeviceArray;
import dev.augur.construct.cuda.DeviceFailureException;
import dev.augur.construct.cuda.SubBatchPlanner;
import java.util.ArrayList;
import java.util.List;

/**
 * Cosine top-k on a CUDA device (kernels in src/main/cuda/similarity.cu). The unit rows go up
 * once; then sub-blocks of query rows, as many as the free memory holds (a scores row of width
 * floats each), get their scores and their top k on the device; only k pairs per row come back.
 * When an allocation fails the sub-block is halved. Failures are {@link DeviceFailureException}s;
 * every buffer is freed either way.
 */
public final class CudaSimilarity {
    private final ConstructionDevice device;
    private int subBlocks;

    public CudaSimilarity(ConstructionDevice device) {
        this.device = device;
    }

    /** Sub-blocks run by the last {@link #topK} (for tests and the bench). */
    public int subBlocks() {
        return subBlocks;
    }

    /** Rows per sub-block for a device with {@code freeBytes} free; 0 when not even one fits. */
    static int rowsPerSubBlock(long freeBytes, int width, int d, int k) {
        long fixed = 4L * width * d + 4L * width; // unit rows and the alive mask
        long perRow = 4L * width + 8L * k;        // one scores row and its k pairs
        long room = SubBatchPlanner.budget(freeBytes) - fixed;
        long rows = Math.min(room / perRow, SaeWeights.MAX_ELEMENTS / width);
        return (int) Math.max(0, Math.min(width, rows));
    }

    public NeighbourTable topK(UnitRows rows, int k) {
        if (k > SimilarityKernels.KMAX) {
            throw new IllegalArgumentException("k " + k + " > " + SimilarityKernels.KMAX);
        }
        int width = rows.width();
        int d = rows.d();
        int block = rowsPerSubBlock(device.freeBytes(), width, d, k);
        if (block == 0) {
            throw new DeviceFailureException("the device's free memory (" + device.freeBytes()
                + " bytes) cannot hold the " + width + " x " + d + " vectors and one row of scores",
                true, null);
        }
        List<DeviceArray> held = new ArrayList<>();
        try {
            DeviceArray unit = hold(held, device.allocFloats(width * d));
            device.upload(unit, rows.data(), 0, width * d);
            DeviceArray alive = hold(held, device.allocInts(width));
            device.upload(alive, rows.aliveMask(), 0, width);
            return run(rows, k, unit, alive, block, held);
        } finally {
            held.forEach(device::free);
        }
    }

    private NeighbourTable run(UnitRows rows, int k, DeviceArray unit, DeviceArray alive, int block,
                               List<DeviceArray> held) {
        int width = rows.width();
        NeighbourTable table = new NeighbourTable(width, k);
        subBlocks = 0;
        int row0 = 0;
        while (row0 < width) {
            int n = Math.min(block, width - row0);
            try {
                subBlock(rows, k, unit, alive, row0, n, table);
            } catch (DeviceFailureException e) {
                if (!e.outOfMemory() || block == 1) {
                    throw e;
                }
                block = Math.max(1, block / 2); // free memory was over-estimated: halve
                continue;
            }
            subBlocks++;
            row0 += n;
        }
        return table;
    }

    private void subBlock(UnitRows rows, int k, DeviceArray unit, DeviceArray alive, int row0, int n,
                          NeighbourTable table) {
        int width = rows.width();
        List<DeviceArray> held = new ArrayList<>();
        try {
            DeviceArray scores = hold(held, device.allocFloats(n * width));
            DeviceArray outIdx = hold(held, device.allocInts(n * k));
            DeviceArray outVal = hold(held, device.allocFloats(n * k));
            device.launch(SimilarityKernels.SCORES, SimilarityKernels.scoreBlocks(width, n),
                unit, width, rows.d(), row0, n, scores);
            device.launch(SimilarityKernels.TOP_K, n, scores, width, row0, alive, k, outIdx, outVal);
            device.synchronize();
            int[] idx = new int[n * k];
            float[] val = new float[n * k];
            device.download(outIdx, idx, n * k);
            device.download(outVal, val, n * k);
            fill(rows, k, row0, n, idx, val, table);
        } finally {
            held.forEach(device::free);
        }
    }

    private static void fill(UnitRows rows, int k, int row0, int n, int[] idx, float[] val,
                             NeighbourTable table) {
        int[] ni = new int[k];
        float[] nv = new float[k];
        for (int r = 0; r < n; r++) {
            int latent = row0 + r;
            int m = 0;
            if (!rows.zero(latent)) {
                while (m < k && idx[r * k + m] >= 0) {
                    int j = idx[r * k + m];
                    if (j >= rows.width() || j == latent || rows.zero(j)) {
                        throw new DeviceFailureException("the device returned neighbour " + j
                            + " for latent " + latent + ", which cannot be one");
                    }
                    ni[m] = j;
                    nv[m] = val[r * k + m];
                    m++;
                }
            }
            table.set(latent, ni, nv, m);
        }
    }

    private static DeviceArray hold(List<DeviceArray> held, DeviceArray a) {
        held.add(a);
        return a;
    }
}

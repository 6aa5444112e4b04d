package dev.augur.construct.cuda;

import dev.augur.testing.HostDeviceMemory;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A HOST EMULATION of the kernels in src/main/cuda/construct.cu, behind the device seam: each
 * kernel is re-stated in plain Java, block by block, so the host side of the CUDA backend
 * (planning, packing, launch arguments, unpacking, assembly) runs for real without a GPU. It
 * does not verify the CUDA kernels themselves; only CudaEquivalenceTest on a GPU does.
 * Knobs simulate failures: a memory capacity (allocations past it fail as out of memory), a
 * free-memory figure to report, a kernel that fails ({@link HostDeviceMemory}). Every call
 * records its thread.
 */
public class HostKernelDevice extends HostDeviceMemory {
    private static final long PAD_KEY = Long.MAX_VALUE;

    final Map<String, Integer> launches = new HashMap<>();
    final Set<Thread> callers = new HashSet<>();

    @Override
    public String description() {
        onCall();
        return "host emulation of the CUDA kernels";
    }

    /** Every call records its thread: the backend must drive the device from one thread. */
    @Override
    protected void onCall() {
        synchronized (callers) {
            callers.add(Thread.currentThread());
        }
    }

    @Override
    public void launch(String kernel, int blocks, Object... args) {
        onCall();
        launches.merge(kernel, 1, Integer::sum);
        failIfFailing(kernel);
        for (int b = 0; b < blocks; b++) {
            switch (kernel) {
                case Kernels.FIND_WINDOWS -> findWindows(b, ints(args[0]), ints(args[1]),
                    floats(args[2]), (Integer) args[3], ints(args[4]), ints(args[5]), ints(args[6]),
                    floats(args[7]), ints(args[8]), ints(args[9]));
                case Kernels.RANK_WINDOWS -> rankWindows(b, ints(args[0]), ints(args[1]),
                    floats(args[2]), ints(args[3]), longs(args[4]));
                case Kernels.GATHER_RANKED -> gatherRanked(b, ints(args[0]), ints(args[1]),
                    ints(args[2]), ints(args[3]), longs(args[4]), ints(args[5]), ints(args[6]),
                    ints(args[7]), ints(args[8]), floats(args[9]), ints(args[10]),
                    (Integer) args[11], (Integer) args[12], (Integer) args[13], ints(args[14]),
                    ints(args[15]), ints(args[16]), ints(args[17]), floats(args[18]),
                    ints(args[19]), ints(args[20]), ints(args[21]));
                default -> throw new DeviceFailureException("no kernel named " + kernel);
            }
        }
    }

    // ---- the kernels, restated: one call = one block; the block's threads run in turn ----

    private static void findWindows(int l, int[] offsets, int[] flat, float[] values, int c,
                                    int[] winId, int[] winFrom, int[] winTo, float[] winMax,
                                    int[] winArgmax, int[] nWin) {
        int begin = offsets[l];
        int end = offsets[l + 1];
        int n = 0;
        for (int j = begin; j < end; j++) { // the block scan of window heads, sequentially
            if (j == begin || flat[j - 1] / c != flat[j] / c) {
                winId[begin + n] = flat[j] / c;
                winFrom[begin + n] = j;
                n++;
            }
        }
        for (int k = 0; k < n; k++) {
            int from = winFrom[begin + k];
            int to = k + 1 < n ? winFrom[begin + k + 1] : end;
            float best = values[from];
            int arg = from;
            for (int j = from + 1; j < to; j++) {
                if (values[j] > best) {
                    best = values[j];
                    arg = j;
                }
            }
            winTo[begin + k] = to;
            winMax[begin + k] = best;
            winArgmax[begin + k] = arg;
        }
        nWin[l] = n;
    }

    static long rankKey(float max, int slot) {
        int bits = Float.floatToRawIntBits(max);
        int sortable = bits ^ ((bits >> 31) & 0x7FFFFFFF);
        long high = (~sortable) & 0xFFFFFFFFL;
        return (high << 32) | (slot & 0xFFFFFFFFL);
    }

    private static void rankWindows(int l, int[] offsets, int[] nWin, float[] winMax, int[] keyOff,
                                    long[] keys) {
        int n = nWin[l];
        int base = offsets[l];
        int p = keyOff[l + 1] - keyOff[l];
        int k0 = keyOff[l];
        for (int i = 0; i < p; i++) {
            keys[k0 + i] = i < n ? rankKey(winMax[base + i], i) : PAD_KEY;
        }
        for (int size = 2; size <= p; size <<= 1) { // bitonic sort, stage by stage
            for (int stride = size >> 1; stride > 0; stride >>= 1) {
                for (int i = 0; i < p; i++) {
                    int partner = i ^ stride;
                    if (partner > i) {
                        long a = keys[k0 + i];
                        long b = keys[k0 + partner];
                        boolean ascending = (i & size) == 0;
                        if ((a > b) == ascending) {
                            keys[k0 + i] = b;
                            keys[k0 + partner] = a;
                        }
                    }
                }
            }
        }
    }

    private static int lowerBound(int[] flat, int lo, int hi, int position) {
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

    private static void gatherRanked(int l, int[] offsets, int[] nWin, int[] outOff, int[] keyOff,
                                     long[] keys, int[] flat, int[] winId, int[] winFrom,
                                     int[] winTo, float[] winMax, int[] winArgmax, int c,
                                     int windowsPerSeq, int centered, int[] rSlot, int[] rWindow,
                                     int[] rFrom, int[] rTo, float[] rMax, int[] rStart, int[] rLo,
                                     int[] rHi) {
        int n = nWin[l];
        int base = offsets[l];
        int end = offsets[l + 1];
        for (int r = 0; r < n; r++) {
            int slot = (int) (keys[keyOff[l] + r] & 0xFFFFFFFFL);
            int src = base + slot;
            int o = outOff[l] + r;
            int window = winId[src];
            rSlot[o] = slot;
            rWindow[o] = window;
            rFrom[o] = winFrom[src] - base;
            rTo[o] = winTo[src] - base;
            rMax[o] = winMax[src];
            if (centered != 0) {
                int inSeq = window % windowsPerSeq;
                if (inSeq == 0 || inSeq == windowsPerSeq - 1) {
                    rStart[o] = -1;
                    rLo[o] = 0;
                    rHi[o] = 0;
                } else {
                    int start = flat[winArgmax[src]] - (c - c / 4);
                    rStart[o] = start;
                    rLo[o] = lowerBound(flat, base, end, start) - base;
                    rHi[o] = lowerBound(flat, base, end, start + c) - base;
                }
            }
        }
    }
}

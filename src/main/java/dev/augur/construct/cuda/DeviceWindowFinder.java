package dev.augur.construct.cuda;

import dev.augur.construct.RankedWindows;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the three kernels over one packed sub-batch and reads back each latent's ranked windows.
 * Host steps between launches: read the window counts, lay out the compact output and the
 * power-of-two sort areas. Every buffer is freed, on failure too.
 */
final class DeviceWindowFinder {
    private final ConstructionDevice device;
    private final ConstructionTimings timings;
    private final List<DeviceArray> allocated = new ArrayList<>();

    DeviceWindowFinder(ConstructionDevice device, ConstructionTimings timings) {
        this.device = device;
        this.timings = timings;
    }

    /** One RankedWindows per latent of {@code packed}, in order. */
    List<RankedWindows> run(PackedLatents packed, int c, int windowsPerSeq, boolean centered) {
        try {
            return runKernels(packed, c, windowsPerSeq, centered);
        } finally {
            for (DeviceArray a : allocated) {
                device.free(a);
            }
            allocated.clear();
        }
    }

    private List<RankedWindows> runKernels(PackedLatents packed, int c, int windowsPerSeq,
                                           boolean centered) {
        int nLat = packed.latents();
        int nActs = packed.activations();
        DeviceArray offsets = ints(nLat + 1);
        DeviceArray flat = ints(nActs);
        DeviceArray values = floats(nActs);
        DeviceArray winId = ints(nActs);
        DeviceArray winFrom = ints(nActs);
        DeviceArray winTo = ints(nActs);
        DeviceArray winMax = floats(nActs);
        DeviceArray winArgmax = ints(nActs);
        DeviceArray nWin = ints(nLat);

        long t0 = System.nanoTime();
        device.upload(offsets, packed.offsets(), 0, nLat + 1);
        device.upload(flat, packed.flat(), packed.base(), nActs);
        device.upload(values, packed.values(), packed.base(), nActs);
        long t1 = System.nanoTime();
        device.launch(Kernels.FIND_WINDOWS, nLat, offsets, flat, values, c, winId, winFrom, winTo,
            winMax, winArgmax, nWin);
        device.synchronize();
        long t2 = System.nanoTime();
        int[] counts = new int[nLat];
        device.download(nWin, counts, nLat);
        long t3 = System.nanoTime();

        int[] outOff = new int[nLat + 1];
        int[] keyOff = new int[nLat + 1];
        for (int i = 0; i < nLat; i++) {
            int n = counts[i];
            int sliceSize = packed.offsets()[i + 1] - packed.offsets()[i];
            if (n < 1 || n > sliceSize) {
                throw new DeviceFailureException("find_windows returned " + n + " windows for a "
                    + "latent with " + sliceSize + " activations");
            }
            outOff[i + 1] = outOff[i] + n;
            keyOff[i + 1] = keyOff[i] + Integer.highestOneBit(n) * (Integer.bitCount(n) == 1 ? 1 : 2);
        }
        int total = outOff[nLat];
        DeviceArray outOffD = ints(nLat + 1);
        DeviceArray keyOffD = ints(nLat + 1);
        DeviceArray keys = longs(keyOff[nLat]);
        long t4 = System.nanoTime();
        device.upload(outOffD, outOff, 0, nLat + 1);
        device.upload(keyOffD, keyOff, 0, nLat + 1);
        long t5 = System.nanoTime();
        device.launch(Kernels.RANK_WINDOWS, nLat, offsets, nWin, winMax, keyOffD, keys);

        int cutLength = centered ? total : 1;
        DeviceArray rSlot = ints(total);
        DeviceArray rWindow = ints(total);
        DeviceArray rFrom = ints(total);
        DeviceArray rTo = ints(total);
        DeviceArray rMax = floats(total);
        DeviceArray rStart = ints(cutLength);
        DeviceArray rLo = ints(cutLength);
        DeviceArray rHi = ints(cutLength);
        device.launch(Kernels.GATHER_RANKED, nLat, offsets, nWin, outOffD, keyOffD, keys, flat,
            winId, winFrom, winTo, winMax, winArgmax, c, windowsPerSeq, centered ? 1 : 0, rSlot,
            rWindow, rFrom, rTo, rMax, rStart, rLo, rHi);
        device.synchronize();
        long t6 = System.nanoTime();

        int[] slot = downloadInts(rSlot, total);
        int[] window = downloadInts(rWindow, total);
        int[] from = downloadInts(rFrom, total);
        int[] to = downloadInts(rTo, total);
        float[] max = new float[total];
        device.download(rMax, max, total);
        int[] cutStart = centered ? downloadInts(rStart, total) : null;
        int[] cutLo = centered ? downloadInts(rLo, total) : null;
        int[] cutHi = centered ? downloadInts(rHi, total) : null;
        long t7 = System.nanoTime();

        timings.uploadNanos.addAndGet((t1 - t0) + (t5 - t4));
        timings.kernelNanos.addAndGet((t2 - t1) + (t6 - t5));
        timings.downloadNanos.addAndGet((t3 - t2) + (t7 - t6));
        timings.bytesMoved.addAndGet(4L * (nLat + 1) * 3 + 8L * nActs + 4L * nLat
            + 20L * total + (centered ? 12L * total : 0));
        List<RankedWindows> out = new ArrayList<>(nLat);
        for (int i = 0; i < nLat; i++) {
            out.add(new RankedWindows(outOff[i], counts[i], slot, window, from, to, max, cutStart,
                cutLo, cutHi));
        }
        return out;
    }

    private int[] downloadInts(DeviceArray src, int n) {
        int[] a = new int[n];
        device.download(src, a, n);
        return a;
    }

    private DeviceArray ints(int n) {
        return keep(device.allocInts(n));
    }

    private DeviceArray floats(int n) {
        return keep(device.allocFloats(n));
    }

    private DeviceArray longs(int n) {
        return keep(device.allocLongs(n));
    }

    private DeviceArray keep(DeviceArray a) {
        allocated.add(a);
        return a;
    }
}

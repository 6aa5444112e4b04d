package dev.augur.testing;

import dev.augur.construct.cuda.ConstructionDevice;
import dev.augur.construct.cuda.DeviceArray;
import dev.augur.construct.cuda.DeviceFailureException;

/**
 * The memory side of a HOST EMULATION of a CUDA device behind the device seam: "device" arrays
 * are Java arrays, uploads and downloads are copies. Subclasses re-state their kernels in
 * {@link #launch}. Knobs simulate failures: a memory capacity (allocations past it fail as out
 * of memory, counted), a free-memory figure to report, a kernel that fails. {@link #onCall()}
 * runs at every call, for subclasses that record who calls.
 */
public abstract class HostDeviceMemory implements ConstructionDevice {
    private record HostArray(Object data, int length, long bytes) implements DeviceArray {
    }

    public long capacityBytes = Long.MAX_VALUE / 2;
    /** Null: capacity less what is allocated. */
    public Long reportedFree;
    public String failingKernel;
    public long allocated;
    public long peakAllocated;
    public int oomCount;
    public boolean closed;

    /** Called first by every device call. */
    protected void onCall() {
    }

    /** The launch fails as a real one would when {@code kernel} is the failing one. */
    protected void failIfFailing(String kernel) {
        if (kernel.equals(failingKernel)) {
            throw new DeviceFailureException("launching " + kernel + " failed: "
                + "CUDA_ERROR_LAUNCH_FAILED (emulated)");
        }
    }

    protected static int[] ints(Object a) {
        return (int[]) ((HostArray) a).data();
    }

    protected static float[] floats(Object a) {
        return (float[]) ((HostArray) a).data();
    }

    protected static long[] longs(Object a) {
        return (long[]) ((HostArray) a).data();
    }

    @Override
    public long freeBytes() {
        onCall();
        return reportedFree != null ? reportedFree : capacityBytes - allocated;
    }

    private DeviceArray alloc(Object data, int length, long bytes) {
        onCall();
        if (allocated + bytes > capacityBytes) {
            oomCount++;
            throw new DeviceFailureException("cuMemAlloc of " + bytes + " bytes failed: "
                + "CUDA_ERROR_OUT_OF_MEMORY (emulated)", true, null);
        }
        allocated += bytes;
        peakAllocated = Math.max(peakAllocated, allocated);
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
        onCall();
        allocated -= ((HostArray) array).bytes();
    }

    @Override
    public void upload(DeviceArray dst, int[] src, int from, int length) {
        onCall();
        System.arraycopy(src, from, ints(dst), 0, length);
    }

    @Override
    public void upload(DeviceArray dst, float[] src, int from, int length) {
        onCall();
        System.arraycopy(src, from, floats(dst), 0, length);
    }

    @Override
    public void download(DeviceArray src, int[] dst, int length) {
        onCall();
        System.arraycopy(ints(src), 0, dst, 0, length);
    }

    @Override
    public void download(DeviceArray src, float[] dst, int length) {
        onCall();
        System.arraycopy(floats(src), 0, dst, 0, length);
    }

    @Override
    public void synchronize() {
        onCall();
    }

    @Override
    public void close() {
        onCall();
        closed = true;
    }
}

package dev.augur.construct.cuda;

import static jcuda.driver.JCudaDriver.cuCtxCreate;
import static jcuda.driver.JCudaDriver.cuCtxDestroy;
import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;

import dev.augur.nativelib.NativeLibraryException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * The real device, through JCuda's driver API bindings: needs only the NVIDIA driver
 * (libcuda), no CUDA toolkit. The shipped PTX is JIT-compiled by the driver when the module
 * loads. Driver errors become {@link DeviceFailureException}s (out of memory flagged).
 */
public final class JCudaDevice implements ConstructionDevice {
    /** A driver that failed to load once stays failed in this JVM (the class cannot re-init). */
    private static volatile String linkFailure;

    private final CUcontext context;
    private final String name;
    private final Map<String, CUfunction> functions = new HashMap<>();
    /** The thread the context was last made current on (the owner thread, in practice). */
    private volatile Thread bound = Thread.currentThread();

    private JCudaDevice(CUcontext context, String name, CUmodule module, List<String> kernels) {
        this.context = context;
        this.name = name;
        for (String k : kernels) {
            CUfunction f = new CUfunction();
            cuModuleGetFunction(f, module, k);
            functions.put(k, f);
        }
    }

    /** Opens device 0 with the construction kernels, its context current on the calling thread. */
    public static ConstructionDevice open() throws DeviceUnavailableException {
        return open(Kernels.ptx(), Kernels.ALL);
    }

    /**
     * Opens device 0 with another module's kernels (NUL-terminated PTX and the entry names the
     * host launches); the seam is the same, launches are 1-D grids of {@link Kernels#BLOCK}.
     */
    public static ConstructionDevice open(byte[] ptx, List<String> kernels)
        throws DeviceUnavailableException {
        if (linkFailure != null) {
            throw new DeviceUnavailableException(linkFailure, null);
        }
        try {
            JCudaDriverLibrary.load(); // from Augur's private folder, never a file planted in java.io.tmpdir
            JCudaDriver.setExceptionsEnabled(true);
        } catch (NativeLibraryException e) {
            linkFailure = "JCuda's driver binding: " + e.getMessage();
            throw new DeviceUnavailableException(linkFailure, e);
        } catch (LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            linkFailure = "no CUDA driver: JCuda's driver binding does not load (" + firstLine(e)
                + (root == e ? "" : ": " + firstLine(root)) + "; it needs the NVIDIA driver's libcuda.so.1)";
            throw new DeviceUnavailableException(linkFailure, e);
        }
        CUcontext context = null;
        try {
            cuInit(0);
            int[] count = {0};
            cuDeviceGetCount(count);
            if (count[0] == 0) {
                throw new DeviceUnavailableException("the CUDA driver reports no device", null);
            }
            CUdevice device = new CUdevice();
            cuDeviceGet(device, 0);
            byte[] raw = new byte[256];
            cuDeviceGetName(raw, raw.length, device);
            int[] major = {0};
            int[] minor = {0};
            cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
            cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
            String name = new String(raw, StandardCharsets.US_ASCII).trim().replace("\0", "")
                + " (sm_" + major[0] + minor[0] + ")";
            context = new CUcontext();
            cuCtxCreate(context, 0, device);
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, ptx); // the driver JIT-compiles for this card
            return new JCudaDevice(context, name, module, kernels);
        } catch (CudaException e) {
            if (context != null) {
                cuCtxDestroy(context);
            }
            throw new DeviceUnavailableException("the CUDA driver refused: " + firstLine(e), e);
        }
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "%s, %.1f GiB free", name, freeBytes() / (double) (1L << 30));
    }

    @Override
    public long freeBytes() {
        long[] free = {0};
        long[] total = {0};
        call(() -> cuMemGetInfo(free, total), "cuMemGetInfo");
        return free[0];
    }

    private record CudaArray(CUdeviceptr ptr, int length) implements DeviceArray {
    }

    private DeviceArray alloc(int length, int elementBytes) {
        CUdeviceptr ptr = new CUdeviceptr();
        long bytes = Math.max(1, (long) length * elementBytes);
        call(() -> cuMemAlloc(ptr, bytes), "cuMemAlloc of " + bytes + " bytes");
        return new CudaArray(ptr, length);
    }

    @Override
    public DeviceArray allocInts(int length) {
        return alloc(length, Sizeof.INT);
    }

    @Override
    public DeviceArray allocFloats(int length) {
        return alloc(length, Sizeof.FLOAT);
    }

    @Override
    public DeviceArray allocLongs(int length) {
        return alloc(length, Sizeof.LONG);
    }

    @Override
    public void free(DeviceArray array) {
        try {
            cuMemFree(((CudaArray) array).ptr());
        } catch (CudaException e) {
            // a failed context frees everything when it is destroyed
        }
    }

    @Override
    public void upload(DeviceArray dst, int[] src, int from, int length) {
        call(() -> cuMemcpyHtoD(((CudaArray) dst).ptr(),
            Pointer.to(src).withByteOffset((long) from * Sizeof.INT), (long) length * Sizeof.INT), "upload");
    }

    @Override
    public void upload(DeviceArray dst, float[] src, int from, int length) {
        call(() -> cuMemcpyHtoD(((CudaArray) dst).ptr(),
            Pointer.to(src).withByteOffset((long) from * Sizeof.FLOAT), (long) length * Sizeof.FLOAT), "upload");
    }

    @Override
    public void download(DeviceArray src, int[] dst, int length) {
        call(() -> cuMemcpyDtoH(Pointer.to(dst), ((CudaArray) src).ptr(), (long) length * Sizeof.INT), "download");
    }

    @Override
    public void download(DeviceArray src, float[] dst, int length) {
        call(() -> cuMemcpyDtoH(Pointer.to(dst), ((CudaArray) src).ptr(), (long) length * Sizeof.FLOAT), "download");
    }

    @Override
    public void launch(String kernel, int blocks, Object... args) {
        CUfunction f = functions.get(kernel);
        if (f == null) {
            throw new DeviceFailureException("no kernel named " + kernel);
        }
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = args[i] instanceof CudaArray a ? Pointer.to(a.ptr())
                : Pointer.to(new int[] {(Integer) args[i]});
        }
        call(() -> cuLaunchKernel(f, blocks, 1, 1, Kernels.BLOCK, 1, 1, 0, null,
            Pointer.to(params), null), "launching " + kernel);
    }

    @Override
    public void synchronize() {
        call(JCudaDriver::cuCtxSynchronize, "a kernel");
    }

    @Override
    public void close() {
        try {
            cuCtxSynchronize();
        } catch (CudaException e) {
            // destroyed below all the same
        }
        try {
            cuCtxDestroy(context);
        } catch (CudaException e) {
            // nothing more to release
        }
    }

    private void call(java.util.function.IntSupplier driverCall, String what) {
        try {
            if (bound != Thread.currentThread()) { // the driver keeps the current context per thread
                cuCtxSetCurrent(context);
                bound = Thread.currentThread();
            }
            driverCall.getAsInt();
        } catch (CudaException e) {
            String m = firstLine(e);
            throw new DeviceFailureException(what + " failed: " + m,
                m.contains("OUT_OF_MEMORY"), e);
        }
    }
}

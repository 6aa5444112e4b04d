package dev.augur.construct.cuda;

/**
 * The seam between example construction and a CUDA device: memory, transfers and kernel
 * launches by name. {@link JCudaDevice} is the real driver; tests put a Java emulation of the
 * kernels or a failing device behind it. Every call of one device comes from one thread (the
 * thread that owns the CUDA context). Failures are {@link DeviceFailureException}s.
 */
public interface ConstructionDevice extends AutoCloseable {
    /** The card, for logs ("NVIDIA H100 80GB HBM3, 79 GiB free"). */
    String description();

    /** Bytes of device memory free now. */
    long freeBytes();

    DeviceArray allocInts(int length);

    DeviceArray allocFloats(int length);

    DeviceArray allocLongs(int length);

    void free(DeviceArray array);

    /** Copies {@code src[from .. from + length)} to the start of {@code dst}. */
    void upload(DeviceArray dst, int[] src, int from, int length);

    void upload(DeviceArray dst, float[] src, int from, int length);

    void download(DeviceArray src, int[] dst, int length);

    void download(DeviceArray src, float[] dst, int length);

    /**
     * Launches {@code kernel} with one block of {@link Kernels#BLOCK} threads per latent;
     * {@code args} are {@link DeviceArray}s and {@link Integer}s in the kernel's order.
     */
    void launch(String kernel, int blocks, Object... args);

    /** Waits for every launched kernel; reports a kernel's failure. */
    void synchronize();

    @Override
    void close();
}

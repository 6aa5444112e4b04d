package dev.augur.construct;

import dev.augur.AugurException;
import dev.augur.construct.cuda.CudaExampleConstructor;
import dev.augur.construct.cuda.DeviceOpener;
import dev.augur.construct.cuda.DeviceUnavailableException;
import dev.augur.construct.cuda.FallbackExampleConstructor;
import dev.augur.construct.cuda.JCudaDevice;
import java.util.function.Consumer;

/** Chooses the example-construction backend for {@code --device auto|cpu|cuda}. */
public final class ExampleConstructors {
    public static final String DEFAULT_DEVICE = "auto"; // Device.DEFAULT as the command line spells it

    private ExampleConstructors() {
    }

    /**
     * The backend for {@code device}: "cpu"; "cuda" (fails here, with a clear message, when no
     * device can be used, and later on a device failure); "auto" (CUDA when a device and driver
     * are present, else the CPU; device failures fall back to the CPU batch by batch). "auto"
     * and "cuda" log one line saying which backend runs and why. A returned backend that is
     * {@link AutoCloseable} owns a device thread: close it when done.
     */
    public static ExampleConstructor forDevice(String device, Consumer<String> log) {
        return forDevice(Device.parse(device), log, JCudaDevice::open);
    }

    /** As {@link #forDevice(String, Consumer)} for a parsed device. */
    public static ExampleConstructor forDevice(Device device, Consumer<String> log) {
        return forDevice(device, log, JCudaDevice::open);
    }

    /** As {@link #forDevice(String, Consumer)}, with the device opened by {@code opener}. */
    public static ExampleConstructor forDevice(String device, Consumer<String> log,
                                               DeviceOpener opener) {
        return forDevice(Device.parse(device), log, opener);
    }

    /** As {@link #forDevice(String, Consumer, DeviceOpener)} for a parsed device. */
    public static ExampleConstructor forDevice(Device device, Consumer<String> log, DeviceOpener opener) {
        switch (device) {
            case CPU:
                return new CpuExampleConstructor();
            case CUDA:
                try {
                    CudaExampleConstructor cuda = CudaExampleConstructor.open(opener);
                    log.accept("device cuda: building examples on " + cuda.deviceDescription());
                    return FallbackExampleConstructor.strict(cuda);
                } catch (DeviceUnavailableException e) {
                    throw new AugurException("--device cuda: no usable CUDA device: "
                        + e.getMessage() + " (use --device auto or cpu to build on the CPU)");
                }
            case AUTO:
                try {
                    CudaExampleConstructor cuda = CudaExampleConstructor.open(opener);
                    log.accept("device auto: building examples on the GPU, "
                        + cuda.deviceDescription());
                    return FallbackExampleConstructor.auto(cuda, new CpuExampleConstructor(), log);
                } catch (DeviceUnavailableException e) {
                    log.accept("device auto: building examples on the CPU (" + e.getMessage() + ")");
                    return new CpuExampleConstructor();
                }
            default:
                throw new IllegalStateException("device " + device);
        }
    }
}

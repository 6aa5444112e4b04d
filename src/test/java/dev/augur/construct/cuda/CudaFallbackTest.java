package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cache.DType;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.ExampleConstructors;
import dev.augur.construct.LatentExamples;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device failures through the seam, no GPU needed: auto falls back to the CPU per batch and
 * says why once; cuda fails with one clear message; out of memory shrinks the sub-batch first.
 * The device is the host emulation of the kernels with failure knobs ({@link HostKernelDevice}).
 */
class CudaFallbackTest {
    @TempDir
    Path dir;
    private List<ConstructionBatch> batches;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void cache() throws Exception {
        GeneratedCaches.write(dir, 5, DType.U16, 20, 64, 45);
        batches = GeneratedCaches.batches(dir, new ConstructorConfig(16, 1, 0, 6,
            WindowMode.ALIGNED, NonActivatingSource.RANDOM, 5));
    }

    private static List<LatentExamples> cpu(ConstructionBatch b) {
        return new CpuExampleConstructor().construct(b);
    }

    @Test
    void autoBuildsEachBatchTheDeviceFailsOnWithTheCpuAndLogsTheReasonOnce() throws Exception {
        HostKernelDevice device = new HostKernelDevice();
        device.failingKernel = Kernels.RANK_WINDOWS;
        ExampleConstructor auto = ExampleConstructors.forDevice("auto", log::add, () -> device);
        assertEquals(1, log.size(), "one line saying which backend: " + log);
        assertTrue(log.get(0).contains("GPU"), log.get(0));
        for (ConstructionBatch b : batches) {
            GeneratedCaches.assertSameExamples(cpu(b), auto.construct(b));
        }
        assertEquals(2, log.size(), "one more line for all failing batches: " + log);
        assertTrue(log.get(1).contains("rank_windows failed") && log.get(1).contains("CPU"), log.get(1));
        FallbackExampleConstructor f = (FallbackExampleConstructor) auto;
        assertEquals(batches.size(), f.fallbacks());
        assertEquals(0, device.allocated, "buffers freed after the failure");
        f.close();
    }

    @Test
    void autoFallsBackWhenTheDeviceReturnsInconsistentWindows() throws Exception {
        // a device that answers with garbage: every slot 0 (not a permutation)
        HostKernelDevice device = new HostKernelDevice() {
            @Override
            public void download(DeviceArray src, int[] dst, int length) {
                super.download(src, dst, length);
                if (length > 40) {
                    java.util.Arrays.fill(dst, 0);
                }
            }
        };
        FallbackExampleConstructor auto = FallbackExampleConstructor.auto(
            CudaExampleConstructor.open(() -> device), new CpuExampleConstructor(), log::add);
        ConstructionBatch b = batches.get(1);
        GeneratedCaches.assertSameExamples(cpu(b), auto.construct(b));
        assertEquals(1, auto.fallbacks());
        assertTrue(log.get(0).contains("inconsistent"), log.get(0));
        auto.close();
    }

    @Test
    void cudaModeFailsWithOneClearMessage() throws Exception {
        HostKernelDevice device = new HostKernelDevice();
        device.failingKernel = Kernels.GATHER_RANKED;
        ExampleConstructor cuda = ExampleConstructors.forDevice("cuda", log::add, () -> device);
        AugurException e = assertThrows(AugurException.class, () -> cuda.construct(batches.get(0)));
        assertTrue(e.getMessage().startsWith("--device cuda: the GPU failed"), e.getMessage());
        assertTrue(e.getMessage().contains("gather_ranked failed"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
        ((AutoCloseable) cuda).close();
    }

    @Test
    void outOfMemoryHalvesTheSubBatchUntilItFits() throws Exception {
        ConstructionBatch b = batches.get(1);
        HostKernelDevice device = new HostKernelDevice();
        long acts = java.util.Arrays.stream(b.latents()).mapToLong(l -> b.split().count(l)).sum();
        device.capacityBytes = SubBatchPlanner.bytesFor(b.latents().length, acts) / 5;
        device.reportedFree = Long.MAX_VALUE / 4; // the free-memory figure lies: allocations fail
        FallbackExampleConstructor auto = FallbackExampleConstructor.auto(
            CudaExampleConstructor.open(() -> device), new CpuExampleConstructor(), log::add);
        GeneratedCaches.assertSameExamples(cpu(b), auto.construct(b));
        assertTrue(device.oomCount > 0, "allocations failed");
        assertTrue(auto.cuda().timings().subBatches() > 1);
        assertEquals(0, auto.fallbacks(), "built on the device all the same");
        assertTrue(log.isEmpty(), log.toString());
        auto.close();
    }

    @Test
    void outOfMemoryForASingleLatentFallsBackInAutoAndFailsInCuda() throws Exception {
        ConstructionBatch b = batches.get(2); // the dense latent and the rare one
        HostKernelDevice device = new HostKernelDevice();
        device.capacityBytes = 4000;
        FallbackExampleConstructor auto = FallbackExampleConstructor.auto(
            CudaExampleConstructor.open(() -> device), new CpuExampleConstructor(), log::add);
        GeneratedCaches.assertSameExamples(cpu(b), auto.construct(b));
        assertEquals(1, auto.fallbacks());
        assertTrue(log.get(0).contains("OUT_OF_MEMORY"), log.get(0));

        HostKernelDevice small = new HostKernelDevice();
        small.capacityBytes = 4000;
        FallbackExampleConstructor strict = FallbackExampleConstructor.strict(
            CudaExampleConstructor.open(() -> small));
        AugurException e = assertThrows(AugurException.class, () -> strict.construct(b));
        assertTrue(e.getMessage().contains("OUT_OF_MEMORY"), e.getMessage());
        auto.close();
        strict.close();
    }

    @Test
    void asyncConstructionCompletesOffTheCallerAndFallsBack() throws Exception {
        HostKernelDevice device = new HostKernelDevice();
        device.failingKernel = Kernels.FIND_WINDOWS;
        FallbackExampleConstructor auto = FallbackExampleConstructor.auto(
            CudaExampleConstructor.open(() -> device), new CpuExampleConstructor(), log::add);
        ConstructionBatch b = batches.get(0);
        List<LatentExamples> out = auto.constructAsync(b).get();
        GeneratedCaches.assertSameExamples(cpu(b), out);
        assertEquals(1, auto.fallbacks());
        HostKernelDevice ok = new HostKernelDevice();
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(() -> ok)) {
            GeneratedCaches.assertSameExamples(cpu(b), cuda.constructAsync(b).get());
        }
        assertEquals(1, ok.callers.size());
        assertNotEquals(Thread.currentThread(), ok.callers.iterator().next());
        auto.close();
    }

    @Test
    void factoryPicksTheCpuWithOneLineWhenNoDeviceOpens() {
        ExampleConstructor c = ExampleConstructors.forDevice("auto", log::add, () -> {
            throw new DeviceUnavailableException("the CUDA driver reports no device", null);
        });
        assertInstanceOf(CpuExampleConstructor.class, c);
        assertEquals(List.of("device auto: building examples on the CPU (the CUDA driver reports "
            + "no device)"), log);

        AugurException e = assertThrows(AugurException.class, () -> ExampleConstructors.forDevice(
            "cuda", log::add, () -> {
                throw new DeviceUnavailableException("the CUDA driver reports no device", null);
            }));
        assertEquals("--device cuda: no usable CUDA device: the CUDA driver reports no device "
            + "(use --device auto or cpu to build on the CPU)", e.getMessage());

        assertInstanceOf(CpuExampleConstructor.class, ExampleConstructors.forDevice("CPU", log::add));
        assertEquals(1, log.size(), "cpu chosen by the user: nothing to explain");
        AugurException bad = assertThrows(AugurException.class,
            () -> ExampleConstructors.forDevice("gpu", log::add));
        assertEquals("--device: 'gpu' is not one of auto, cpu, cuda", bad.getMessage());
    }

    @Test
    void anOpenerThatThrowsUnexpectedlyCountsAsNoDevice() {
        ExampleConstructor c = ExampleConstructors.forDevice("auto", log::add, () -> {
            throw new UnsatisfiedLinkError("libcuda.so.1: cannot open shared object file");
        });
        assertInstanceOf(CpuExampleConstructor.class, c);
        assertTrue(log.get(0).contains("libcuda.so.1"), log.get(0));
    }
}

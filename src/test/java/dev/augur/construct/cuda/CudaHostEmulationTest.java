package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.DType;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CUDA backend's host side run for real against the HOST EMULATION of its kernels
 * ({@link HostKernelDevice}): packing, sub-batch planning, launch arguments, read-back and
 * assembly must give exactly the CPU backend's examples. The CUDA kernels themselves are
 * verified only by CudaEquivalenceTest, on a GPU.
 */
class CudaHostEmulationTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "host emulation: {0}, locations {1}, C {2}, min {3}, max {4}, seed {5}")
    @CsvSource({"ALIGNED,U16,16,1,0,1", "CENTERED,U16,16,1,0,2", "ALIGNED,U32,8,5,0,3",
        "CENTERED,U32,8,2,6,4", "ALIGNED,U16,32,20,25,5", "CENTERED,I64,16,0,0,6"})
    void hostEmulationOfKernelsMatchesCpu(WindowMode mode, DType locations, int c, int min, int max,
                                          long seed) throws Exception {
        GeneratedCaches.write(dir, seed, locations, 20, 64, 45);
        ConstructorConfig cfg = new ConstructorConfig(c, min, max, 7, mode,
            NonActivatingSource.RANDOM, seed);
        HostKernelDevice device = new HostKernelDevice();
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(() -> device)) {
            for (ConstructionBatch batch : GeneratedCaches.batches(dir, cfg)) {
                GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(batch),
                    cuda.construct(batch));
            }
            assertEquals(3, cuda.timings().subBatches(), "one sub-batch per split batch");
        }
        assertEquals(0, device.allocated, "every device buffer freed");
        assertTrue(device.closed);
        assertEquals(1, device.callers.size(), "one thread owns the device");
        assertEquals("augur-cuda", device.callers.iterator().next().getName());
    }

    @Test
    void hostEmulationSplitsABatchIntoSubBatchesThatFitTheFreeMemory() throws Exception {
        GeneratedCaches.write(dir, 11, DType.U16, 20, 64, 45);
        ConstructorConfig cfg = new ConstructorConfig(16, 1, 0, 5, WindowMode.CENTERED,
            NonActivatingSource.RANDOM, 11);
        List<ConstructionBatch> batches = GeneratedCaches.batches(dir, cfg);
        ConstructionBatch big = batches.get(1);
        long acts = java.util.Arrays.stream(big.latents()).mapToLong(l -> big.split().count(l)).sum();
        long need = SubBatchPlanner.bytesFor(big.latents().length, acts);
        HostKernelDevice device = new HostKernelDevice();
        // free memory for about a quarter of the batch: planned as several sub-batches
        device.reportedFree = (need / 4 + SubBatchPlanner.RESERVED_BYTES) * 5 / 4;
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(() -> device)) {
            GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(big),
                cuda.construct(big));
            assertTrue(cuda.timings().subBatches() >= 4, "sub-batches: " + cuda.timings().subBatches());
            assertEquals(cuda.timings().subBatches(), (long) device.launches.get(Kernels.FIND_WINDOWS));
        }
        assertTrue(device.peakAllocated <= SubBatchPlanner.budget(device.reportedFree),
            "peak " + device.peakAllocated + " within the budget");
    }

    @Test
    void hostEmulationPacksLatentsThatAreNotBackToBack() throws Exception {
        GeneratedCaches.write(dir, 13, DType.U32, 20, 64, 45);
        ConstructorConfig cfg = new ConstructorConfig(16, 1, 0, 5, WindowMode.ALIGNED,
            NonActivatingSource.RANDOM, 13);
        ConstructionBatch all = GeneratedCaches.batches(dir, cfg).get(1);
        int[] everyOther = java.util.stream.IntStream.range(0, all.latents().length)
            .filter(i -> i % 2 == 0).map(i -> all.latents()[i]).toArray();
        ConstructionBatch sparse = new ConstructionBatch(all.module(), all.corpus(), all.split(),
            everyOther, cfg, null, null, null);
        dev.augur.cache.LatentActivations[] acts = java.util.Arrays.stream(everyOther)
            .mapToObj(l -> all.split().latent(l)).toArray(dev.augur.cache.LatentActivations[]::new);
        PackedLatents copied = PackedLatents.pack(acts, 0, acts.length);
        assertTrue(copied.flat() != acts[0].flat() && copied.base() == 0, "gaps: copied");
        PackedLatents shared = PackedLatents.pack(java.util.Arrays.stream(all.latents())
            .mapToObj(l -> all.split().latent(l)).toArray(dev.augur.cache.LatentActivations[]::new),
            0, all.latents().length);
        assertTrue(shared.flat() == acts[0].flat(), "back to back: the split's arrays, no copy");
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(HostKernelDevice::new)) {
            GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(sparse),
                cuda.construct(sparse));
            GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(all),
                cuda.construct(all));
        }
    }

    @Test
    void hostEmulationRanksTiesInWindowOrder() throws Exception {
        // every window of latent 0 has the same maximum: the ranking must keep window order
        dev.augur.testing.TestCache cache = dev.augur.testing.TestCache.withPatternTokens(8, 32, 100);
        for (int s = 0; s < 8; s++) {
            for (int p = 3; p < 32; p += 8) {
                cache.add(s, p, 0, 2f).add(s, p + 1, 0, 1f);
            }
        }
        cache.write(dir, GeneratedCaches.MODULE, new int[][] {{0, 0}});
        ConstructorConfig cfg = new ConstructorConfig(8, 1, 0, 0, WindowMode.ALIGNED,
            NonActivatingSource.RANDOM, 1);
        ConstructionBatch batch = GeneratedCaches.batches(dir, cfg).get(0);
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(HostKernelDevice::new)) {
            var built = cuda.construct(batch).get(0).examples();
            assertEquals(32, built.size());
            for (int k = 0; k < built.size(); k++) {
                assertEquals(8L * k, built.get(k).start(), "tied windows stay in corpus order");
            }
            GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(batch),
                cuda.construct(batch));
        }
    }
}

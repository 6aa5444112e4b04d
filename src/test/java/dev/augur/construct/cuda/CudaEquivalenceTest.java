package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.augur.cache.DType;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real CUDA kernels (shipped PTX, JIT-compiled by the driver) against the CPU backend over
 * many generated caches: both window modes, U16/U32/I64 locations, dense, rare and tied
 * latents, several window lengths. Runs where a CUDA device is usable and is reported skipped,
 * with the reason, where not (bench/gpu-check.sh runs it on a GPU machine).
 */
@Tag("cuda")
class CudaEquivalenceTest {
    /** Whether this machine has a usable device, probed once (opening and closing it). */
    record Probe(boolean usable, String reason) {
        static Probe run() {
            try (CudaExampleConstructor c = CudaExampleConstructor.open(JCudaDevice::open)) {
                return new Probe(true, c.deviceDescription());
            } catch (DeviceUnavailableException e) {
                return new Probe(false, e.getMessage());
            }
        }
    }

    static final Probe CUDA = Probe.run();

    @TempDir
    Path dir;

    @BeforeEach
    void needsDevice() {
        assumeTrue(CUDA.usable(), "no CUDA device: " + CUDA.reason());
    }

    @ParameterizedTest(name = "GPU: {0}, locations {1}, {2} seqs x {3}, C {4}, min {5}, max {6}, seed {7}")
    @CsvSource({
        "ALIGNED,U16,20,64,16,1,0,1", "CENTERED,U16,20,64,16,1,0,2",
        "ALIGNED,U32,20,64,8,3,0,3", "CENTERED,U32,20,64,8,2,0,4",
        "ALIGNED,U16,40,128,32,10,40,5", "CENTERED,U16,40,128,32,10,40,6",
        "ALIGNED,I64,12,256,64,0,0,7", "CENTERED,U32,12,256,64,0,0,8",
        "ALIGNED,U16,64,512,32,1,0,9", "CENTERED,U16,64,512,32,1,0,10",
        "ALIGNED,U32,300,64,16,5,0,11", "CENTERED,U32,300,64,16,5,0,12"})
    void gpuKernelsMatchTheCpuBackend(WindowMode mode, DType locations, int nSeq, int seqLen, int c,
                                      int min, int max, long seed) throws Exception {
        GeneratedCaches.write(dir, seed, locations, nSeq, seqLen, 90);
        ConstructorConfig cfg = new ConstructorConfig(c, min, max, 9, mode,
            NonActivatingSource.RANDOM, seed);
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(JCudaDevice::open)) {
            for (ConstructionBatch batch : GeneratedCaches.batches(dir, cfg)) {
                GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(batch),
                    cuda.construct(batch));
            }
        }
    }

    @Test
    void gpuSubBatchesFromASmallFreeMemoryFigureMatchTheCpuBackend() throws Exception {
        GeneratedCaches.write(dir, 21, DType.U16, 64, 256, 120);
        ConstructorConfig cfg = new ConstructorConfig(32, 1, 0, 9, WindowMode.CENTERED,
            NonActivatingSource.RANDOM, 21);
        List<ConstructionBatch> batches = GeneratedCaches.batches(dir, cfg);
        ConstructionBatch b = batches.get(1);
        long acts = java.util.Arrays.stream(b.latents()).mapToLong(l -> b.split().count(l)).sum();
        long fakeFree = (SubBatchPlanner.bytesFor(b.latents().length, acts) / 4
            + SubBatchPlanner.RESERVED_BYTES) * 5 / 4;
        // the real device, reporting only a quarter of the batch as free
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(() ->
            new ReportingLessFree(JCudaDevice.open(), fakeFree))) {
            GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(b), cuda.construct(b));
            assertTrue(cuda.timings().subBatches() >= 4, cuda.timings().toString());
        }
    }

    @Test
    void gpuHandlesALatentWithMoreWindowsThanABlockHasThreads() throws Exception {
        // the dense latent fires in all 64 * 512 / 16 = 2048 windows: many scan chunks, a long sort
        GeneratedCaches.write(dir, 31, DType.U16, 64, 512, 30);
        ConstructorConfig cfg = new ConstructorConfig(16, 1, 0, 9, WindowMode.ALIGNED,
            NonActivatingSource.RANDOM, 31);
        List<ConstructionBatch> batches = GeneratedCaches.batches(dir, cfg);
        ConstructionBatch dense = batches.get(2);
        try (CudaExampleConstructor cuda = CudaExampleConstructor.open(JCudaDevice::open)) {
            var out = cuda.construct(dense);
            GeneratedCaches.assertSameExamples(new CpuExampleConstructor().construct(dense), out);
            assertEquals(2048, out.get(0).examples().size());
        }
    }

    /** Delegates to a real device but reports less free memory, to force sub-batches. */
    private record ReportingLessFree(ConstructionDevice d, long free) implements ConstructionDevice {
        public String description() {
            return d.description();
        }

        public long freeBytes() {
            return free;
        }

        public DeviceArray allocInts(int n) {
            return d.allocInts(n);
        }

        public DeviceArray allocFloats(int n) {
            return d.allocFloats(n);
        }

        public DeviceArray allocLongs(int n) {
            return d.allocLongs(n);
        }

        public void free(DeviceArray a) {
            d.free(a);
        }

        public void upload(DeviceArray dst, int[] src, int from, int n) {
            d.upload(dst, src, from, n);
        }

        public void upload(DeviceArray dst, float[] src, int from, int n) {
            d.upload(dst, src, from, n);
        }

        public void download(DeviceArray src, int[] dst, int n) {
            d.download(src, dst, n);
        }

        public void download(DeviceArray src, float[] dst, int n) {
            d.download(src, dst, n);
        }

        public void launch(String kernel, int blocks, Object... args) {
            d.launch(kernel, blocks, args);
        }

        public void synchronize() {
            d.synchronize();
        }

        public void close() {
            d.close();
        }
    }
}

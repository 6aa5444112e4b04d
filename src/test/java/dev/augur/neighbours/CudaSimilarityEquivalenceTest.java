package dev.augur.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.augur.cache.DType;
import dev.augur.construct.cuda.ConstructionDevice;
import dev.augur.construct.cuda.DeviceUnavailableException;
import dev.augur.construct.cuda.JCudaDevice;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real similarity kernels (shipped PTX, JIT-compiled by the driver) against the CPU path:
 * equal tables, values bit for bit. Runs where a CUDA device is usable and is reported skipped,
 * with the reason, where not (bench/gpu-check.sh runs it on a GPU machine).
 */
@Tag("cuda")
class CudaSimilarityEquivalenceTest {
    @TempDir
    Path dir;

    private static ConstructionDevice open() throws DeviceUnavailableException {
        return JCudaDevice.open(SimilarityKernels.ptx(), SimilarityKernels.ALL);
    }

    @ParameterizedTest(name = "GPU: width {0}, d {1}, k {2}, {3}")
    @CsvSource({"70,24,7,F32", "300,100,10,F16", "1000,257,64,BF16", "4100,64,1,F32", "2000,2048,32,F32"})
    void gpuKernelsMatchTheCpuPath(int width, int d, int k, DType dtype) throws Exception {
        ConstructionDevice device;
        try {
            device = open();
        } catch (DeviceUnavailableException e) {
            assumeTrue(false, "no CUDA device: " + e.getMessage());
            return;
        }
        float[][] m = SaeFixtures.matrix(width + d, width, d);
        SaeFixtures.sparsify(dir, m, m, dtype);
        UnitRows rows = UnitRows.normalise(SaeWeights.locate(dir, "m").read(NeighbourMethod.DECODER_SIMILARITY));
        try (device) {
            assertEquals(CpuSimilarity.topK(rows, k), new CudaSimilarity(device).topK(rows, k));
        }
    }
}

package dev.augur.neighbours;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.AugurException;
import dev.augur.cache.DType;
import dev.augur.construct.Device;
import dev.augur.construct.cuda.DeviceFailureException;
import dev.augur.construct.cuda.DeviceUnavailableException;
import dev.augur.construct.cuda.SubBatchPlanner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA path's host side over the kernels' host emulation ({@link HostSimilarityDevice}),
 * no GPU needed: same table as the CPU path bit for bit, sub-blocks from a small free-memory
 * figure, halving on out of memory, and --device auto / cuda on unusable or failing devices.
 */
class CudaSimilarityHostEmulationTest {
    private static final int WIDTH = 150; // three 64-wide tiles, the last partial
    private static final int D = 21;      // two 16-wide slices of d, the last partial
    @TempDir
    Path dir;
    private UnitRows rows;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void weights() throws Exception {
        float[][] m = SaeFixtures.matrix(11, WIDTH, D);
        m[40] = m[7].clone(); // a tie across tiles and across the kernel's thread stripes
        SaeFixtures.sparsify(dir, m, m, DType.F32);
        rows = UnitRows.normalise(SaeWeights.locate(dir, "m").read(NeighbourMethod.DECODER_SIMILARITY));
    }

    @Test
    void theEmulatedKernelsGiveTheCpuTableBitForBit() {
        for (int k : new int[] {1, 10, 64}) {
            HostSimilarityDevice device = new HostSimilarityDevice();
            assertEquals(CpuSimilarity.topK(rows, k), new CudaSimilarity(device).topK(rows, k), "k " + k);
            assertEquals(0, device.allocated, "every buffer freed");
        }
    }

    @Test
    void aSmallFreeMemoryFigureGivesSubBlocksWithTheSameTable() {
        HostSimilarityDevice device = new HostSimilarityDevice();
        long fixed = 4L * WIDTH * D + 4L * WIDTH;
        long perRow = 4L * WIDTH + 8L * 5;
        device.reportedFree = (fixed + 37 * perRow + SubBatchPlanner.RESERVED_BYTES) * 5 / 4 + 8;
        assertEquals(37, CudaSimilarity.rowsPerSubBlock(device.reportedFree, WIDTH, D, 5));
        CudaSimilarity cuda = new CudaSimilarity(device);
        assertEquals(CpuSimilarity.topK(rows, 5), cuda.topK(rows, 5));
        assertEquals(5, cuda.subBlocks(), "150 rows in blocks of 37");
    }

    @Test
    void outOfMemoryHalvesTheSubBlockUntilItFits() {
        HostSimilarityDevice device = new HostSimilarityDevice();
        device.reportedFree = 1L << 40; // claims plenty, holds the vectors and 20 score rows
        device.capacityBytes = 4L * WIDTH * D + 4L * WIDTH + 20 * (4L * WIDTH + 8L * 3);
        CudaSimilarity cuda = new CudaSimilarity(device);
        assertEquals(CpuSimilarity.topK(rows, 3), cuda.topK(rows, 3));
        assertTrue(device.oomCount >= 3, "150 -> 75 -> 37 -> 18 rows: " + device.oomCount);
        assertEquals(0, device.allocated);
    }

    @Test
    void tooLittleMemoryForOneRowIsAnOutOfMemoryFailure() {
        HostSimilarityDevice device = new HostSimilarityDevice();
        device.reportedFree = 1000L;
        DeviceFailureException e = assertThrows(DeviceFailureException.class,
            () -> new CudaSimilarity(device).topK(rows, 3));
        assertTrue(e.outOfMemory() && e.getMessage().contains("cannot hold"), e.getMessage());
    }

    private NeighbourTable compute(Device device, int k, HostSimilarityDevice d) {
        return SimilarityNeighbours.compute(dir, "m", NeighbourMethod.DECODER_SIMILARITY, k, device,
            log::add, () -> d);
    }

    @Test
    void autoUsesAUsableDeviceAndSaysSoInOneLine() {
        HostSimilarityDevice d = new HostSimilarityDevice();
        assertEquals(CpuSimilarity.topK(rows, 4), compute(Device.AUTO, 4, d));
        assertEquals(List.of("device auto: computing similarity neighbours on the GPU, "
            + "host emulation of the similarity kernels"), log);
        assertTrue(d.closed && d.scoreLaunches == 1);
    }

    @Test
    void autoFallsBackToTheCpuWhenTheDeviceFailsOrIsMissingOrKIsTooLarge() {
        HostSimilarityDevice d = new HostSimilarityDevice();
        d.failingKernel = SimilarityKernels.TOP_K;
        assertEquals(CpuSimilarity.topK(rows, 4), compute(Device.AUTO, 4, d));
        assertEquals(2, log.size(), log.toString());
        assertTrue(log.get(1).startsWith("device auto: the GPU failed (launching row_topk failed")
            && log.get(1).endsWith("computing similarity neighbours on the CPU"), log.get(1));
        assertEquals(0, d.allocated);
        assertTrue(d.closed);

        log.clear();
        NeighbourTable t = SimilarityNeighbours.compute(dir, "m", NeighbourMethod.DECODER_SIMILARITY, 4,
            Device.AUTO, log::add, () -> {
                throw new DeviceUnavailableException("no CUDA driver (emulated)", null);
            });
        assertEquals(CpuSimilarity.topK(rows, 4), t);
        assertEquals(List.of("device auto: computing similarity neighbours on the CPU (no CUDA driver (emulated))"), log);

        log.clear();
        HostSimilarityDevice unused = new HostSimilarityDevice();
        assertEquals(CpuSimilarity.topK(rows, 65), compute(Device.AUTO, 65, unused));
        assertEquals(List.of("device auto: computing similarity neighbours on the CPU (k 65 exceeds "
            + "the GPU kernel's maximum of 64)"), log);
        assertEquals(0, unused.scoreLaunches);
    }

    @Test
    void cudaFailsWithOneLineWhenTheDeviceFailsOrIsMissingOrKIsTooLarge() {
        HostSimilarityDevice d = new HostSimilarityDevice();
        d.failingKernel = SimilarityKernels.SCORES;
        AugurException e = assertThrows(AugurException.class, () -> compute(Device.CUDA, 4, d));
        assertTrue(e.getMessage().startsWith("--device cuda: the GPU failed computing similarity "
            + "neighbours: launching similarity_scores failed"), e.getMessage());
        e = assertThrows(AugurException.class, () -> SimilarityNeighbours.compute(dir, "m",
            NeighbourMethod.DECODER_SIMILARITY, 4, Device.CUDA, log::add, () -> {
                throw new DeviceUnavailableException("no CUDA driver (emulated)", null);
            }));
        assertEquals("--device cuda: no usable CUDA device: no CUDA driver (emulated) (use --device "
            + "auto or cpu to compute on the CPU)", e.getMessage());
        e = assertThrows(AugurException.class, () -> compute(Device.CUDA, 65, d));
        assertTrue(e.getMessage().startsWith("--device cuda: --k 65 exceeds"), e.getMessage());
    }
}

package dev.augur.bench;

import dev.augur.construct.cuda.ConstructionDevice;
import dev.augur.construct.cuda.JCudaDevice;
import dev.augur.neighbours.CpuSimilarity;
import dev.augur.neighbours.CudaSimilarity;
import dev.augur.neighbours.NeighbourMethod;
import dev.augur.neighbours.NeighbourTable;
import dev.augur.neighbours.SaeWeights;
import dev.augur.neighbours.SimilarityKernels;
import dev.augur.neighbours.UnitRows;
import dev.augur.neighbours.WeightRows;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Similarity-neighbour timing for bench/similarity-bench.sh: reads and normalises the SAE's
 * decoder rows once (timed apart), then the CPU path and/or the CUDA path (device open and
 * upload included, PTX JIT included on first open), and checks the two tables are equal.
 *   SimilarityBench SAE_DIR MODULE K cpu|cuda|both
 */
public final class SimilarityBench {
    private SimilarityBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String module = args[1];
        int k = Integer.parseInt(args[2]);
        String mode = args[3];
        long t0 = System.nanoTime();
        WeightRows w = SaeWeights.locate(dir, module).read(NeighbourMethod.DECODER_SIMILARITY);
        UnitRows rows = UnitRows.normalise(w);
        double read = secs(t0);
        System.out.printf(Locale.ROOT, "| step | width | d | k | seconds | note |%n|---|---|---|---|---|---|%n");
        row("read + normalise", rows, k, read, Runtime.getRuntime().availableProcessors() + " cores");
        NeighbourTable cpu = null;
        double cpuSecs = 0;
        if (!mode.equals("cuda")) {
            long t = System.nanoTime();
            long c = processCpuNanos();
            cpu = CpuSimilarity.topK(rows, k);
            cpuSecs = secs(t);
            row("CPU top-k", rows, k, cpuSecs, String.format(Locale.ROOT,
                "%.1f s of CPU time in this JVM (%.1f cores busy on average)",
                (processCpuNanos() - c) / 1e9, (processCpuNanos() - c) / 1e9 / cpuSecs));
        }
        if (!mode.equals("cpu")) {
            long t = System.nanoTime();
            try (ConstructionDevice d = JCudaDevice.open(SimilarityKernels.ptx(), SimilarityKernels.ALL)) {
                String card = d.description();
                CudaSimilarity cuda = new CudaSimilarity(d);
                NeighbourTable gpu = cuda.topK(rows, k);
                double s = secs(t);
                row("CUDA top-k", rows, k, s, card + ", " + cuda.subBlocks() + " sub-blocks"
                    + (cpu == null ? "" : String.format(Locale.ROOT, ", %.1fx the CPU, tables %s",
                    cpuSecs / s, cpu.equals(gpu) ? "equal" : "DIFFERENT")));
                if (cpu != null && !cpu.equals(gpu)) {
                    System.exit(1);
                }
            } catch (dev.augur.construct.cuda.DeviceUnavailableException e) {
                row("CUDA top-k", rows, k, Double.NaN, "not run: " + e.getMessage());
            }
        }
    }

    /** CPU time of this JVM, all threads: with other processes on the machine, wall time alone misleads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void row(String step, UnitRows r, int k, double s, String note) {
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %s | %s |%n", step, r.width(), r.d(), k,
            Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.1f", s), note);
    }
}

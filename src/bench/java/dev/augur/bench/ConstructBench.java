package dev.augur.bench;

import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import dev.augur.cache.TokenCorpus;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.cuda.ConstructionTimings;
import dev.augur.construct.cuda.CudaExampleConstructor;
import dev.augur.construct.cuda.DeviceUnavailableException;
import dev.augur.construct.cuda.JCudaDevice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Example construction alone, CPU backend vs CUDA backend, on the same cache: each split's live
 * latents go to the backend as one batch (the whole split at once), with delphi's defaults
 * (example_ctx_len 32, min_examples 200, 50 random non-activating). Loading the splits is not
 * timed. One warm-up pass per backend first (JIT compilation, the driver's PTX JIT), then
 * {@code runs} timed passes; the best is reported. CUDA's end-to-end time includes packing,
 * transfers, kernels and host assembly; transfer and kernel time are also shown apart. Run with
 * bench/construct-bench.sh.
 * {@code emulated} adds a row for the CUDA backend over the host emulation of its kernels (test
 * code, no GPU): only its pack and host-assembly columns mean anything, the host share of the
 * CUDA path; its "kernel" time is Java.
 *   args: runs cpu|cuda|both|emulated CACHE_DIR [CACHE_DIR...]   (each a delphi latents folder)
 */
public final class ConstructBench {
    private ConstructBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        String which = args[1];
        ConstructorConfig cfg = ConstructorConfig.defaults();
        CudaExampleConstructor cuda = null;
        if (which.equals("cuda") || which.equals("both")) {
            try {
                cuda = CudaExampleConstructor.open(JCudaDevice::open);
                System.out.println("GPU: " + cuda.deviceDescription());
            } catch (DeviceUnavailableException e) {
                System.out.println("GPU: none (" + e.getMessage() + "); CUDA rows left out");
            }
        }
        System.out.printf(Locale.ROOT, "CPU: %d cores available to the JVM, heap max %d MB%n",
            Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        System.out.println();
        System.out.println("| cache | backend | latents | activations | best wall s | latents/s "
            + "| pack ms | upload ms | kernel ms | download ms | host assembly ms | speed-up |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (int i = 2; i < args.length; i++) {
            Path root = Path.of(args[i]);
            List<List<ConstructionBatch>> modules = load(root, cfg);
            long latents = modules.stream().flatMap(List::stream).mapToLong(b -> b.latents().length).sum();
            long acts = modules.stream().flatMap(List::stream).mapToLong(ConstructBench::activations).sum();
            double cpuSecs = Double.NaN;
            if (!which.equals("cuda")) { // cpu, both, emulated
                cpuSecs = time(new CpuExampleConstructor(), modules, runs, null).secs();
                row(root, "cpu", latents, acts, cpuSecs, null, Double.NaN);
            }
            if (cuda != null) {
                Pass p = time(cuda, modules, runs, cuda.timings());
                row(root, "cuda", latents, acts, p.secs(), p.timings(), cpuSecs / p.secs());
                System.out.println();
                System.out.println("CUDA output vs CPU output on " + root + ": " + compare(cuda, modules));
                System.out.println();
            }
            if (which.equals("emulated")) {
                try (CudaExampleConstructor emu = CudaExampleConstructor.open(
                    dev.augur.construct.cuda.HostKernelDevice::new)) {
                    Pass p = time(emu, modules, runs, emu.timings());
                    row(root, "cuda-host-emulated", latents, acts, p.secs(), p.timings(), Double.NaN);
                    System.out.println();
                    System.out.println("emulated CUDA output vs CPU output: " + compare(emu, modules));
                }
            }
        }
        if (cuda != null) {
            cuda.close();
        }
    }

    /**
     * Whether the CUDA backend builds exactly the CPU backend's examples for every batch. Record
     * equality is the whole check, and a cheap one: examples and non-activating windows are
     * views (start, length, slice of the split's shared arrays, maximum), so equal views mean
     * equal tokens and bit-identical activations without copying them out.
     */
    private static String compare(ExampleConstructor cuda, List<List<ConstructionBatch>> modules) {
        long latents = 0;
        for (List<ConstructionBatch> module : modules) {
            for (ConstructionBatch b : module) {
                List<dev.augur.construct.LatentExamples> want = new CpuExampleConstructor().construct(b);
                List<dev.augur.construct.LatentExamples> got = cuda.construct(b);
                if (!want.equals(got)) {
                    int i = 0;
                    while (i < Math.min(want.size(), got.size()) && want.get(i).equals(got.get(i))) {
                        i++;
                    }
                    return "DIFFERENT in " + b.module() + " split " + b.split().start() + " at latent "
                        + (i < want.size() ? want.get(i).latent() : "count") + " (" + want.size()
                        + " vs " + got.size() + " latents)";
                }
                latents += b.latents().length;
            }
        }
        return "identical (" + latents + " latents: every field, the same example and non-activating"
            + " views of the cache's arrays, maxima bit for bit)";
    }

    private static long activations(ConstructionBatch b) {
        return IntStream.of(b.latents()).mapToLong(l -> b.split().count(l)).sum();
    }

    /** Every split of every module, each as one batch of all its live latents. */
    private static List<List<ConstructionBatch>> load(Path root, ConstructorConfig cfg) {
        LatentCache cache = LatentCache.open(root);
        List<List<ConstructionBatch>> out = new ArrayList<>();
        for (String name : cache.modules()) {
            ModuleCache module = cache.module(name);
            TokenCorpus corpus = module.openCorpus(module.splits().get(0));
            List<ConstructionBatch> batches = new ArrayList<>();
            for (SplitFile split : module.splits()) {
                SplitActivations acts;
                try (SafetensorsFile file = SafetensorsFile.open(split.path())) {
                    acts = SplitActivations.load(file, split, corpus.nSeq(), corpus.seqLen());
                }
                int[] live = IntStream.rangeClosed(split.start(), split.end())
                    .filter(l -> acts.count(l) > 0).toArray();
                batches.add(new ConstructionBatch(name, corpus, acts, live, cfg, null, null, null));
            }
            out.add(batches);
        }
        return out;
    }

    /** The best pass: its wall time and, for CUDA, where its time went. */
    private record Pass(double secs, ConstructionTimings timings) {
    }

    /** Best of {@code runs} passes after one warm-up pass. */
    private static Pass time(ExampleConstructor backend, List<List<ConstructionBatch>> modules,
                             int runs, ConstructionTimings timings) {
        Pass best = null;
        long built = 0;
        for (int r = -1; r < runs; r++) {
            if (timings != null) {
                timings.reset();
            }
            long t0 = System.nanoTime();
            for (List<ConstructionBatch> module : modules) {
                for (ConstructionBatch b : module) {
                    built += backend.construct(b).size();
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (r >= 0 && (best == null || s < best.secs())) {
                best = new Pass(s, timings == null ? null : timings.snapshot());
            }
        }
        if (best.timings() != null) {
            System.err.println(backend.name() + " best pass: " + best.timings());
        }
        System.err.println(backend.name() + ": " + built + " latent results over all passes");
        return best;
    }

    private static void row(Path cache, String backend, long latents, long acts, double secs,
                            ConstructionTimings t, double speedup) {
        String dash = "–";
        System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.0f | %s | %s | %s | %s | %s | %s |%n",
            cache.getParent() == null ? cache : cache.getParent().getFileName() + "/" + cache.getFileName(),
            backend, latents, acts, secs, latents / secs,
            t == null ? dash : fmt(t.packMs()), t == null ? dash : fmt(t.uploadMs()),
            t == null ? dash : fmt(t.kernelMs()), t == null ? dash : fmt(t.downloadMs()),
            t == null ? dash : fmt(t.assembleMs()),
            Double.isNaN(speedup) ? dash : String.format(Locale.ROOT, "%.1fx", speedup));
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.1f", ms);
    }
}

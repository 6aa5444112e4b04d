package dev.augur.cli;

import dev.augur.AugurException;
import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.construct.Device;
import dev.augur.neighbours.NeighbourMethod;
import dev.augur.neighbours.NeighbourRequest;
import dev.augur.neighbours.NeighbourTable;
import dev.augur.neighbours.NeighboursFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code augur neighbours}: delphi's neighbours file of one module. */
@Command(name = "neighbours", mixinStandardHelpOptions = true,
    description = "Compute each latent's nearest latents (co-occurrence in the cache, or cosine of the "
        + "SAE's encoder or decoder rows) and write delphi's neighbours file, for --non-activating neighbours.")
final class NeighboursCommand implements Callable<Integer> {
    @Option(names = "--cache", required = true, paramLabel = "DIR",
        description = "delphi latent cache (a folder per module), or a run folder holding latents/ (required)")
    Path cache;

    @Option(names = "--module", paramLabel = "M",
        description = "the module (hookpoint) (default: the cache's only module)")
    String module;

    @Option(names = "--method", required = true, paramLabel = "METHOD",
        converter = Converters.ToMethod.class,
        description = "co-occurrence (Jaccard of the token positions where both fire) | "
            + "decoder-similarity | encoder-similarity (cosine of the SAE's rows; need --sae) (required)")
    NeighbourMethod method;

    @Option(names = "--sae", paramLabel = "DIR",
        description = "the SAE's folder (sparsify: cfg.json + sae.safetensors; SAELens: cfg.json + "
            + "sae_weights.safetensors), for the similarity methods (default: none)")
    Path sae;

    @Option(names = "--k", paramLabel = "N", defaultValue = "" + NeighbourRequest.DEFAULT_K,
        description = "neighbours kept per latent (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--out", paramLabel = "FILE_OR_DIR", defaultValue = "neighbours",
        description = "the file to write, or a folder to write <module>-<method>.json in (delphi's "
            + "name; made if missing unless the name ends in .json) (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--device", converter = Converters.ToDevice.class, paramLabel = "DEVICE",
        defaultValue = "auto", description = "for the similarity methods: auto | cpu | cuda "
            + "(co-occurrence runs on the CPU) (default: ${DEFAULT-VALUE})")
    Device device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NeighbourRequest request = NeighbourFlags.request("--method", method, "--k", k, sae, device);
        ModuleCache m = module(LatentCache.open(cache));
        Path target = target(m.name());
        long t0 = System.nanoTime();
        NeighbourTable table = request.compute(m);
        NeighboursFile.write(target, table);
        int empty = 0;
        for (int l = 0; l < table.width(); l++) {
            empty += table.count(l) == 0 ? 1 : 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "augur neighbours: %s %s, %,d latents (%,d with no neighbour), k %d -> %s "
            + "in %.2f s%n", m.name(), method.flagName(), table.width(), empty, k, target,
            (System.nanoTime() - t0) / 1e9);
        err.flush();
        return 0;
    }

    private ModuleCache module(LatentCache lc) {
        if (module != null) {
            return lc.module(module);
        }
        if (lc.modules().size() != 1) {
            throw new AugurException("--module: the cache " + lc.root() + " has " + lc.modules().size()
                + " modules (" + String.join(", ", lc.modules()) + "): name one");
        }
        return lc.module(lc.modules().get(0));
    }

    /**
     * The file to write: in {@code --out} when it is a folder or a missing path not ending in
     * .json, else {@code --out} itself; its nearest existing folder must be writable.
     */
    private Path target(String moduleName) {
        boolean folder = Files.isDirectory(out)
            || (!Files.exists(out) && !out.getFileName().toString().endsWith(".json"));
        Path file = folder ? out.resolve(method.fileName(moduleName)) : out;
        if (Files.isDirectory(file)) {
            throw new AugurException("--out " + out + ": " + file + " is a folder");
        }
        Path existing = file.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)
            || (Files.exists(file) && !Files.isWritable(file))) {
            throw new AugurException("--out " + out + ": cannot write " + file
                + (existing != null && !Files.isDirectory(existing) ? " (" + existing + " is a file)" : ""));
        }
        return file;
    }
}

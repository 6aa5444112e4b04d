package dev.augur.neighbours;

import dev.augur.cache.ModuleCache;
import dev.augur.construct.Device;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Neighbours to compute for the modules of a run rather than read from a file: the method, k,
 * the SAE folder the similarity methods read (null for co-occurrence) and their device.
 * Flags are checked where they are read (the CLI); this only computes.
 */
public record NeighbourRequest(NeighbourMethod method, int k, Path sae, Device device) {
    public static final int DEFAULT_K = 10;

    public NeighbourTable compute(ModuleCache module) {
        return method == NeighbourMethod.CO_OCCURRENCE ? CoOccurrence.compute(module, k)
            : SimilarityNeighbours.compute(sae, module.name(), method, k, device);
    }

    /**
     * The module's file in {@code folder} (delphi's name): kept when it is there already (a
     * resumed run), else computed and written.
     */
    public Path ensure(ModuleCache module, Path folder) {
        Path file = folder.resolve(method.fileName(module.name()));
        if (!Files.isRegularFile(file)) {
            NeighbourTable table = compute(module);
            NeighboursFile.write(file, table);
        }
        return file;
    }
}

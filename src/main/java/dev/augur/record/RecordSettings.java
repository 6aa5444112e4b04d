package dev.augur.record;

import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.neighbours.NeighbourRequest;
import dev.augur.sample.SamplerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to build: modules (empty = all), a latent selection per module (key "*" for every
 * module), construction and sampling settings, and the neighbours file or folder (or null).
 *
 * @param computeNeighbours neighbours to compute into {@code neighbours} (a folder) before the
 *     records are built, rather than read as given; null when they are read (or not used)
 */
public record RecordSettings(List<String> modules, Map<String, LatentSelection> latents,
                             ConstructorConfig constructor, SamplerConfig sampler,
                             Path neighbours, NeighbourRequest computeNeighbours) {
    public static final String ANY_MODULE = "*";

    /** Neighbours read from a file or folder (or none). */
    public RecordSettings(List<String> modules, Map<String, LatentSelection> latents,
                          ConstructorConfig constructor, SamplerConfig sampler, Path neighbours) {
        this(modules, latents, constructor, sampler, neighbours, null);
    }

    public LatentSelection selectionFor(String module) {
        LatentSelection s = latents.get(module);
        if (s == null) {
            s = latents.get(ANY_MODULE);
        }
        return s == null ? LatentSelection.all() : s;
    }

    /** The same settings reading (or computing into) this neighbours file or folder. */
    public RecordSettings withNeighbours(Path fileOrDir) {
        return new RecordSettings(modules, latents, constructor, sampler, fileOrDir, computeNeighbours);
    }
}

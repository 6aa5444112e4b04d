package dev.augur.record;

import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.sample.SamplerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What to build: modules (empty = all), a latent selection per module (key "*" for every
 * module), construction and sampling settings, and the neighbours file or folder (or null).
 */
public record RecordSettings(List<String> modules, Map<String, LatentSelection> latents,
                             ConstructorConfig constructor, SamplerConfig sampler,
                             Path neighbours) {
    public static final String ANY_MODULE = "*";

    public LatentSelection selectionFor(String module) {
        LatentSelection s = latents.get(module);
        if (s == null) {
            s = latents.get(ANY_MODULE);
        }
        return s == null ? LatentSelection.all() : s;
    }
}

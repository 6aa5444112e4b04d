package dev.augur.record;

import dev.augur.cache.LatentCache;
import dev.augur.construct.LatentExamples;
import dev.augur.sample.Samples;

/**
 * One latent with its examples, train and test sets and non-activating examples. For a latent
 * skipped by construction, {@code samples} is null and {@code examples().skipped()} says why.
 */
public record LatentRecord(LatentExamples examples, Samples samples) {
    public String module() {
        return examples.module();
    }

    public int latent() {
        return examples.latent();
    }

    public String name() {
        return LatentCache.latentName(examples.module(), examples.latent());
    }

    public boolean isSkipped() {
        return examples.isSkipped();
    }
}

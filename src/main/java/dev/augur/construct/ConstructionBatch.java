package dev.augur.construct;

import dev.augur.cache.SplitActivations;
import dev.augur.cache.TokenCorpus;

/**
 * A batch of live latents of one split to construct at once, with everything construction
 * reads. {@code neighbours} and {@code lookup} are null unless the source is NEIGHBOURS;
 * {@code embeddings} is null unless it is EMBEDDING.
 */
public record ConstructionBatch(String module, TokenCorpus corpus, SplitActivations split,
                                int[] latents, ConstructorConfig config, Neighbours neighbours,
                                ActivationLookup lookup, HardNegatives embeddings) {
}

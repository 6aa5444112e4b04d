package dev.augur.construct;

import java.util.List;

/**
 * Builds the examples of a whole batch of latents at once, so that an accelerated backend can
 * replace the CPU one without touching callers. Implementations must be deterministic: the
 * same batch and seed give the same output, whatever the batch boundaries or thread count.
 */
public interface ExampleConstructor {
    /** One result per latent of the batch, in the batch's order. */
    List<LatentExamples> construct(ConstructionBatch batch);

    /** A short name for logs ("cpu", "cuda"). */
    String name();
}

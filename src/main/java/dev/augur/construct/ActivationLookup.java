package dev.augur.construct;

import dev.augur.cache.LatentActivations;

/** Activations of any latent of a module (for neighbour non-activating examples). */
@FunctionalInterface
public interface ActivationLookup {
    /** The latent's activations, or null if the latent is outside the cache. */
    LatentActivations activations(int latent);
}

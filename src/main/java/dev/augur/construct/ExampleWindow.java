package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import dev.augur.cache.TokenCorpus;

/**
 * An activating example: {@code length} tokens from flat corpus position {@code start}, with
 * the latent's activations there ({@code acts}: the ones inside the window, sorted by position);
 * {@code maxActivation} is the maximum the example was ranked by (its window's maximum).
 * Token ids and the dense activation vector are produced on demand from the mapped corpus and
 * the shared activation arrays: a latent can have tens of thousands of examples, and copying
 * each would dominate memory and time.
 */
public record ExampleWindow(TokenCorpus corpus, long start, int length, LatentActivations acts,
                            float maxActivation) {
    /** An example from a dense activation vector (tests, other backends). */
    public static ExampleWindow dense(TokenCorpus corpus, long start, float[] activations,
                                      float maxActivation) {
        return new ExampleWindow(corpus, start, activations.length,
            LatentActivations.fromDense(start, activations), maxActivation);
    }

    public int[] tokens() {
        return corpus.window(start, length);
    }

    /** The activation at each of the window's tokens (zero where the latent is silent). */
    public float[] activations() {
        return acts.dense(start, length);
    }
}

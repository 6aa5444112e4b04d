package dev.augur.construct;

import dev.augur.cache.LatentActivations;
import dev.augur.cache.TokenCorpus;

/**
 * A non-activating example: a window where the latent does not fire. Its activations are none
 * for random windows (distance -1) or the neighbour latent's (distance = -neighbour distance).
 */
public record NonActivatingWindow(TokenCorpus corpus, long start, int length,
                                  LatentActivations acts, float distance) {
    public static final float RANDOM_DISTANCE = -1f;

    public int[] tokens() {
        return corpus.window(start, length);
    }

    public float[] activations() {
        return acts.dense(start, length);
    }
}

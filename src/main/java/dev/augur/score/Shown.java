package dev.augur.score;

import dev.augur.metrics.ScoreSample;
import java.util.List;

/**
 * One example as a scorer shows it: token strings, the latent's activations (zero for random
 * non-activating windows; another latent's for neighbours), delphi's distance (quantile for
 * activating, negative for non-activating), whether it is activating, and its prompt text.
 */
record Shown(String[] tokens, float[] activations, double distance, boolean activating,
             String text) {
    ScoreSample toSample(Boolean prediction, Double probability) {
        Boolean correct = prediction == null ? null : prediction == activating;
        return new ScoreSample(List.of(tokens), activations, distance, activating, prediction,
            probability, correct);
    }
}

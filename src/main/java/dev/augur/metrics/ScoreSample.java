package dev.augur.metrics;

import java.util.List;

/**
 * One scored sample, as delphi writes it in {@code scores/<scorer>/<latent>.txt} (SPEC 7).
 * Boxed fields are JSON null when absent: {@code prediction} is null when the model's answer
 * failed (or for score-only scorers such as embedding), {@code probability} when log-probabilities
 * were off. {@code distance} is the quantile for activating samples, negative otherwise, and NaN
 * when a file left it out.
 */
public record ScoreSample(List<String> strTokens, float[] activations, double distance,
                          boolean activating, Boolean prediction, Double probability,
                          Boolean correct, float[] simulated) {
    public ScoreSample {
        strTokens = strTokens == null ? List.of() : List.copyOf(strTokens);
        activations = activations == null ? new float[0] : activations;
    }

    /** A sample of delphi's seven fields. */
    public ScoreSample(List<String> strTokens, float[] activations, double distance,
                       boolean activating, Boolean prediction, Double probability, Boolean correct) {
        this(strTokens, activations, distance, activating, prediction, probability, correct, null);
    }

    /**
     * The same sample with the simulation scorer's predicted activation (0-10) per token, kept
     * in an extra field {@code simulated_activations} that delphi's readers ignore.
     */
    public ScoreSample withSimulated(float[] predicted) {
        return new ScoreSample(strTokens, activations, distance, activating, prediction,
            probability, correct, predicted);
    }
}

package dev.augur.construct;

import java.util.List;

/**
 * What construction yields for one live latent: its examples, strongest first, the
 * non-activating examples and the frequencies. {@code skipped} is null or the reason the latent
 * gets no record; {@code note} says when a non-activating source came up short.
 */
public record LatentExamples(String module, int latent, int nActivations,
                             double perTokenFrequency, double perContextFrequency,
                             List<ExampleWindow> examples, List<NonActivatingWindow> nonActivating,
                             String skipped, String note) {
    public float maxActivation() {
        return examples.isEmpty() ? 0f : examples.get(0).maxActivation();
    }

    public boolean isSkipped() {
        return skipped != null;
    }

    /** The same latent skipped for {@code reason} by a later stage (sampling). */
    public LatentExamples skippedFor(String reason) {
        return new LatentExamples(module, latent, nActivations, perTokenFrequency,
            perContextFrequency, examples, nonActivating, reason, note);
    }
}

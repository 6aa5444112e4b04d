package dev.augur.record;

import dev.augur.cache.LatentCache;
import dev.augur.construct.LatentExamples;
import dev.augur.sample.Sampler;
import dev.augur.sample.Samples;

/**
 * One latent with its examples, train and test sets and non-activating examples. For a latent
 * skipped by construction, {@code samples} is null and {@code examples().skipped()} says why; a
 * latent skipped after sampling ({@link #NO_TRAIN_EXAMPLES}) keeps the sets it was given.
 */
public record LatentRecord(LatentExamples examples, Samples samples) {
    /** The skip reason of a latent whose train set came out empty (an explainer would see nothing). */
    public static final String NO_TRAIN_EXAMPLES = "no train examples";

    /**
     * The sample step of every record builder ({@link RecordSource}, {@link RecordUnits}), so
     * they skip the same latents: train and test sets for a built latent, and the skip
     * {@link #NO_TRAIN_EXAMPLES} when its train set is empty and {@code needsTrain} (an
     * explainer will be prompted with it). With a low min_examples, disjoint sampling can give
     * the test set every example.
     */
    public static LatentRecord sample(LatentExamples ex, Sampler sampler, boolean needsTrain) {
        if (ex.isSkipped()) {
            return new LatentRecord(ex, null);
        }
        Samples s = sampler.sample(ex);
        return needsTrain && s.train().isEmpty()
            ? new LatentRecord(ex.skippedFor(NO_TRAIN_EXAMPLES), s) : new LatentRecord(ex, s);
    }

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

    /** Why the latent gets no explanation or scores, or null. */
    public String skipped() {
        return examples.skipped();
    }
}

package dev.augur.sample;

import java.util.List;

/** The train and test sets of one latent. */
public record Samples(List<SampledExample> train, List<SampledExample> test) {
}

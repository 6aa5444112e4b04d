package dev.augur.sample;

import dev.augur.construct.ExampleWindow;

/**
 * An example chosen for the train or test set: its quantile (0 holds the strongest examples)
 * and its activations normalized to 0..10 against the record's maximum.
 */
public record SampledExample(ExampleWindow window, int quantile, int[] normalized) {
}

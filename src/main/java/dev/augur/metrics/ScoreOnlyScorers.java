package dev.augur.metrics;

import java.util.Set;

/**
 * The scorers whose samples carry a score ({@code probability}) and never a prediction, known by
 * their folder names: for them the AUC is the only figure, even for a latent whose samples all
 * failed (and so carry neither), where the data alone cannot tell them from a classifier.
 */
public final class ScoreOnlyScorers {
    private static final Set<String> NAMES = Set.of("embedding", "surprisal", "example_embedding",
        "example-embedding");

    private ScoreOnlyScorers() {
    }

    public static boolean named(String scorer) {
        return NAMES.contains(scorer);
    }
}

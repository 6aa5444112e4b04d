package dev.augur.score;

import dev.augur.embed.MiniLmEmbedder;
import dev.augur.llm.LlmClient;

/** Creates the scorer of a kind. */
public final class Scorers {
    private Scorers() {
    }

    public static Scorer create(ScorerKind kind, LlmClient client, ScorerSettings settings) {
        return switch (kind) {
            case DETECTION, FUZZ -> new ClassifierScorer(client, kind, settings);
            case INTRUDER -> new IntruderScorer(client, settings);
            case SIMULATION -> new SimulationScorer(client, settings);
            case EMBEDDING -> new EmbeddingScorer(MiniLmEmbedder::shared);
            case EXAMPLE_EMBEDDING -> new ExampleEmbeddingScorer(MiniLmEmbedder::shared, settings.seed());
            case SURPRISAL -> new SurprisalScorer(client, settings);
        };
    }
}

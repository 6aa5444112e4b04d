package dev.augur.config;

import dev.augur.explain.Explainer;
import dev.augur.llm.LlmClient;
import dev.augur.score.Scorer;
import java.util.List;
import java.util.function.Function;

/**
 * Stages that exist only as Java objects in the caller's process (the Java API): a custom
 * explainer, custom scorers, built-in scorers wrapped in hooks. They run on node-local
 * addresses of the node that runs the coordinator (the pipeline's {@code LocalStagesVerticle}), so a latent
 * takes the same flow, files and resume rules as with built-in stages; they never cross the
 * cluster.
 *
 * @param explainer a custom explainer, or null for the plan's {@link ExplainSpec}
 * @param explainerWrites whether that explainer writes new explanations (kept in the run and
 *                        reused on resume), rather than reading existing ones
 * @param scorers scorers scored after the plan's built-in ones, each under its own name
 */
public record LocalStages(Explainer explainer, boolean explainerWrites, List<LocalScorer> scorers) {
    /** No local stage: every stage is a built-in one. */
    public static final LocalStages NONE = new LocalStages(null, false, List.of());

    /**
     * A scorer made once per node from the node's LLM client (null without one).
     *
     * @param name its folder under scores/ and its key in results
     */
    public record LocalScorer(String name, Function<LlmClient, Scorer> create) {
    }

    public LocalStages {
        scorers = List.copyOf(scorers);
    }

    public boolean any() {
        return explainer != null || !scorers.isEmpty();
    }
}

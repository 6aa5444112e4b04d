package dev.augur.config;

import dev.augur.explain.Explainer;
import dev.augur.explain.ExplainerVariant;
import dev.augur.explain.ExplanationStore;
import dev.augur.explain.FileExplainer;
import dev.augur.explain.LlmExplainer;
import dev.augur.llm.LlmClient;
import dev.augur.prompt.PromptTemplates;
import java.nio.file.Path;

/**
 * How a latent gets its explanation, carried in each explain request so that explain nodes
 * need no run settings of their own. {@code explanationsDir} is where none/random read files;
 * {@code prompts} carries the texts of the user's prompt templates, so explain nodes need no
 * copy of the folder.
 */
public record ExplainSpec(ExplainerVariant variant, boolean showActivations, boolean chainOfThought,
                          int maxTokens, double temperature, String explanationsDir, long seed,
                          PromptTemplates prompts) {
    public ExplainSpec {
        prompts = prompts == null ? PromptTemplates.shipped() : prompts;
    }

    /** LLM explanations may run on any node; files are read where the run's files are. */
    public boolean clusterWide() {
        return variant.usesLlm();
    }

    public Explainer create(LlmClient client) {
        return switch (variant) {
            case NONE -> new FileExplainer(new ExplanationStore(Path.of(explanationsDir)), false, seed);
            case RANDOM -> new FileExplainer(new ExplanationStore(Path.of(explanationsDir)), true, seed);
            default -> {
                if (client == null) {
                    throw new IllegalStateException("this node has no LLM configured "
                        + "(llm-base-url and model in its config)");
                }
                yield new LlmExplainer(client, new LlmExplainer.Settings(variant, showActivations,
                    chainOfThought, maxTokens, temperature, prompts));
            }
        };
    }
}

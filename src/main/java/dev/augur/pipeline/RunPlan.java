package dev.augur.pipeline;

import dev.augur.llm.LlmConfig;
import dev.augur.record.RecordSettings;
import dev.augur.runfolder.RunLayout;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * One run as the actor pipeline executes it: what to build, how to explain and score, where
 * the files go. Built from the same settings as {@code augur run} (its flags or a JSON config).
 *
 * @param device the example-construction backend: auto | cpu | cuda
 * @param explanationSource where loaded explanations come from (copied into the run), or null
 * @param llm the server settings, or null for a run that needs no LLM
 * @param runConfig every setting as given, for {@code run_config.json} (no key: keys are never settings)
 */
public record RunPlan(Path cache, RecordSettings records, Path tokenizer, Path embeddingCache,
                      String device, RunLayout layout, boolean overwrite, ExplainSpec explain,
                      Path explanationSource, List<ScorerKind> scorers,
                      ScorerSettings scorerSettings, int maxLatentsInFlight, LlmConfig llm,
                      java.util.Map<String, Object> runConfig) {
    public RunPlan {
        scorers = List.copyOf(scorers);
        if (maxLatentsInFlight < 1) {
            throw new dev.augur.AugurException("max-latents-in-flight must be at least 1");
        }
    }

    /** Whether the explainer writes new explanations (an LLM) rather than reading files. */
    public boolean generatesExplanations() {
        return explain.variant().usesLlm();
    }

    /** The key under which coordinators of this run share their work units. */
    public String runKey() {
        return "augur.run." + Integer.toHexString(layout.dir().toAbsolutePath().normalize().toString().hashCode());
    }
}

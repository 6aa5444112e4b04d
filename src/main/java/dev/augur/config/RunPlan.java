package dev.augur.config;

import dev.augur.AugurException;
import dev.augur.cache.LatentSelection;
import dev.augur.construct.Device;
import dev.augur.llm.LlmConfig;
import dev.augur.record.RecordSettings;
import dev.augur.run.RunFiles;
import dev.augur.runfolder.RunLayout;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run as the actor pipeline executes it: what to build, how to explain and score, where
 * the files go. {@code augur run} (flags or {@code --conf}), {@code vertx run -conf} and the
 * Java API all build this one type, and {@link #settings()} (run_config.json) is derived from
 * it, so the file says what the run did whichever way it was started.
 *
 * @param device where examples are built
 * @param explanationSource where loaded explanations come from (copied into the run), or null
 * @param scorers the built-in scorers (cluster-wide stages), before {@code local}'s
 * @param llm the server settings, or null for a run that needs no LLM
 * @param local stages that are Java objects of the caller's process ({@link LocalStages#NONE}: none)
 * @param budget what this invocation may spend on the LLM ({@link Budget#NONE}: no bound)
 */
public record RunPlan(Path cache, RecordSettings records, Path tokenizer, Path embeddingCache,
                      Device device, RunLayout layout, boolean overwrite, ExplainSpec explain,
                      Path explanationSource, List<ScorerKind> scorers,
                      ScorerSettings scorerSettings, int maxLatentsInFlight, LlmConfig llm,
                      LocalStages local, Budget budget) {
    /** Latents between record building and their written result, at most (augur run's default). */
    public static final int DEFAULT_MAX_LATENTS_IN_FLIGHT = 10;

    public RunPlan {
        scorers = List.copyOf(scorers);
        local = local == null ? LocalStages.NONE : local;
        device = device == null ? Device.DEFAULT : device;
        budget = budget == null ? Budget.NONE : budget;
        if (maxLatentsInFlight < 1) {
            throw new AugurException("max-latents-in-flight must be at least 1");
        }
        List<String> names = new ArrayList<>(scorers.stream().map(ScorerKind::folder).toList());
        for (LocalStages.LocalScorer s : local.scorers()) {
            if (names.contains(s.name())) {
                throw new AugurException("scorer '" + s.name() + "' is given twice: each scorer "
                    + "writes scores/" + s.name() + "/, so names must differ");
            }
            names.add(s.name());
        }
        long seed = records.constructor().seed();
        if (records.sampler().seed() != seed || scorerSettings.seed() != seed || explain.seed() != seed) {
            throw new AugurException("seed: one run has one seed, but construction, sampling, scorers and "
                + "explainer were given " + seed + ", " + records.sampler().seed() + ", " + scorerSettings.seed()
                + " and " + explain.seed());
        }
        if (scorers.isEmpty() && local.scorers().isEmpty()) {
            throw new AugurException("a run needs at least one scorer");
        }
    }

    /** A run without a budget. */
    public RunPlan(Path cache, RecordSettings records, Path tokenizer, Path embeddingCache,
                   Device device, RunLayout layout, boolean overwrite, ExplainSpec explain,
                   Path explanationSource, List<ScorerKind> scorers,
                   ScorerSettings scorerSettings, int maxLatentsInFlight, LlmConfig llm,
                   LocalStages local) {
        this(cache, records, tokenizer, embeddingCache, device, layout, overwrite, explain, explanationSource,
            scorers, scorerSettings, maxLatentsInFlight, llm, local, Budget.NONE);
    }

    /** The same run with its files in another folder (an estimate's throwaway one). */
    public RunPlan withLayout(RunLayout other) {
        return new RunPlan(cache, records, tokenizer, embeddingCache, device, other, overwrite, explain,
            explanationSource, scorers, scorerSettings, maxLatentsInFlight, llm, local, budget);
    }

    /** The same run building its records with other settings (neighbours computed into the run). */
    public RunPlan withRecords(RecordSettings other) {
        return new RunPlan(cache, other, tokenizer, embeddingCache, device, layout, overwrite, explain,
            explanationSource, scorers, scorerSettings, maxLatentsInFlight, llm, local, budget);
    }

    /** The same run with another budget. */
    public RunPlan withBudget(Budget other) {
        return new RunPlan(cache, records, tokenizer, embeddingCache, device, layout, overwrite, explain,
            explanationSource, scorers, scorerSettings, maxLatentsInFlight, llm, local, other);
    }

    /** The run's one seed: every random draw (construction, sampling, scorers, random explanations) derives from it. */
    public long seed() {
        return records.constructor().seed();
    }

    /** Whether the explainer writes new explanations (an LLM) rather than reading files. */
    public boolean generatesExplanations() {
        return local.explainer() != null ? local.explainerWrites() : explain.variant().usesLlm();
    }

    /**
     * Whether the run goes without explanations: nothing would be generated ({@code --explainer
     * none|random}, no own explainer) and no scorer reads one (only example-embedding), so no
     * explanation file is asked for or read.
     */
    public boolean needsNoExplanation() {
        return local.explainer() == null && !explain.variant().usesLlm() && local.scorers().isEmpty()
            && scorers.stream().noneMatch(ScorerKind::usesExplanation);
    }

    /** Every scorer's name (its folder under scores/), built-in ones first. */
    public List<String> scorerNames() {
        List<String> names = new ArrayList<>(scorers.stream().map(ScorerKind::folder).toList());
        local.scorers().forEach(s -> names.add(s.name()));
        return names;
    }

    /** The key under which coordinators of this run share their work units. */
    public String runKey() {
        return runKey(layout);
    }

    /** The key of the run whose folder this is. */
    public static String runKey(RunLayout layout) {
        return "augur.run." + Integer.toHexString(layout.dir().toAbsolutePath().normalize().toString().hashCode());
    }

    /**
     * Every setting of the run, keyed by its {@code augur run} flag (for run_config.json and
     * the check of a resumed run's settings). Never a key: keys are never settings.
     */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cache", cache.toString());
        m.put("module", records.modules());
        List<String> latents = new ArrayList<>();
        for (Map.Entry<String, LatentSelection> e : records.latents().entrySet()) {
            latents.add((RecordSettings.ANY_MODULE.equals(e.getKey()) ? "" : e.getKey() + "=") + e.getValue());
        }
        m.put("latents", latents);
        var c = records.constructor();
        m.put("example-ctx-len", c.exampleCtxLen());
        m.put("min-examples", c.minExamples());
        m.put("max-examples", c.maxExamples());
        m.put("n-non-activating", c.nNonActivating());
        m.put("window", lower(c.windowMode()));
        m.put("non-activating", lower(c.nonActivating()));
        m.put("neighbour-draw", lower(c.neighbourDraw()));
        m.put("neighbours", text(records.neighbours()));
        var nb = records.computeNeighbours();
        m.put("neighbours-method", nb == null ? null : nb.method().flagName());
        m.put("neighbours-k", nb == null ? null : nb.k());
        m.put("sae", nb == null ? null : text(nb.sae()));
        var s = records.sampler();
        m.put("train-type", lower(s.trainType()));
        m.put("n-train", s.nTrain());
        m.put("n-test", s.nTest());
        m.put("n-quantiles", s.nQuantiles());
        m.put("ratio-top", s.ratioTop());
        m.put("sampling", lower(s.mode()));
        m.put("tokenizer", text(tokenizer));
        m.put("seed", seed());
        m.put("embedding-cache", text(embeddingCache));
        m.put("device", device.cliName());
        m.put("results", text(layout.dir().toAbsolutePath().getParent()));
        m.put("name", layout.dir().getFileName().toString());
        m.put("explainer", local.explainer() != null ? "custom" : explain.variant().cliName());
        m.put("explanations", text(explanationSource));
        m.put("show-activations", explain.showActivations());
        m.put("chain-of-thought", explain.chainOfThought());
        m.put("scorers", String.join(",", scorerNames()));
        m.put("fuzz-type", lower(scorerSettings.fuzzType()));
        m.put("n-examples-shown", scorerSettings.nExamplesShown());
        m.put("log-probs", scorerSettings.logProbs());
        m.put("max-tokens", scorerSettings.maxTokens());
        m.put("temperature", scorerSettings.temperature());
        m.put("max-latents-in-flight", maxLatentsInFlight);
        m.put("overwrite", overwrite);
        m.put("llm", llm);
        m.put("budget-tokens", budget.tokens());
        m.put("budget-usd", budget.usd());
        m.put("price-input", budget.priceInput());
        m.put("price-output", budget.priceOutput());
        m.put(RunFiles.PROMPT_SHA256, promptHashes());
        return m;
    }

    /** The SHA-256 of every prompt template this run sends: the LLM explainer's and the LLM scorers'. */
    private Map<String, String> promptHashes() {
        Map<String, String> m = new LinkedHashMap<>();
        if (local.explainer() == null && explain.variant().usesLlm()) {
            m.putAll(explain.prompts().sha256(List.of("explainer")));
        }
        m.putAll(scorerSettings.prompts().sha256(scorers.stream().filter(ScorerKind::usesLlm).map(ScorerKind::folder).toList()));
        return m;
    }

    /** The same run with stages of the caller's process. */
    public RunPlan withLocal(LocalStages stages) {
        return new RunPlan(cache, records, tokenizer, embeddingCache, device, layout, overwrite, explain,
            explanationSource, scorers, scorerSettings, maxLatentsInFlight, llm, stages, budget);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String text(Path p) {
        return p == null ? null : p.toString();
    }
}

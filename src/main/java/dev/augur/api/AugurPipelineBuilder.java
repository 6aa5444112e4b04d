package dev.augur.api;

import dev.augur.AugurException;
import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.Device;
import dev.augur.construct.NeighbourDraw;
import dev.augur.explain.Explainer;
import dev.augur.explain.ExplainerVariant;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmConfig;
import dev.augur.neighbours.NeighbourMethod;
import dev.augur.neighbours.NeighbourRequest;
import dev.augur.metrics.ScoreSample;
import dev.augur.config.ComputedNeighbours;
import dev.augur.config.ExplainSpec;
import dev.augur.config.LocalStages;
import dev.augur.config.RunPlan;
import dev.augur.record.RecordSettings;
import dev.augur.runfolder.RunLayout;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.score.HookedScorer;
import dev.augur.score.ScoreInput;
import dev.augur.score.Scorer;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import dev.augur.score.Scorers;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Builds an {@link AugurPipeline}; every setting has delphi's default unless said. */
public final class AugurPipelineBuilder {
    private Path cache;
    private final List<String> modules = new ArrayList<>();
    private final Map<String, LatentSelection> latents = new LinkedHashMap<>();
    private ConstructorConfig constructor = ConstructorConfig.defaults();
    private SamplerConfig sampler = SamplerConfig.defaults(ConstructorConfig.DEFAULT_SEED);
    private Path neighbours;
    private NeighbourRequest computeNeighbours;
    private Device device = Device.DEFAULT;
    private Path embeddingCache = Path.of(System.getProperty("user.home"), ".cache", "augur", "embeddings");
    private Path tokenizer;
    private LlmConfig llmConfig;
    private LlmClient llm;
    private Vertx vertx;
    private ExplainerVariant variant;
    private boolean showActivations;
    private boolean chainOfThought;
    private Explainer customExplainer;
    private boolean customWrites;
    private Path explanationSource;
    private boolean scorersNeedLlm;
    private final List<ScorerKind> builtIn = new ArrayList<>();
    private final List<LocalStages.LocalScorer> own = new ArrayList<>();
    /** Null: augur run's defaults, with the LLM's max_tokens and temperature and the sampler's seed. */
    private ScorerSettings scorerSettings;
    private int parallelism = RunPlan.DEFAULT_MAX_LATENTS_IN_FLIGHT;
    private Long seed;
    private Path output;
    private boolean overwrite;

    AugurPipelineBuilder() {
    }

    public AugurPipelineBuilder cache(Path dir) {
        this.cache = dir;
        return this;
    }

    public AugurPipelineBuilder modules(String... names) {
        modules.addAll(List.of(names));
        return this;
    }

    /** {@code all}, {@code 0:100}, {@code 1,5,9} for every module. */
    public AugurPipelineBuilder latents(String spec) {
        latents.put(RecordSettings.ANY_MODULE, LatentSelection.parse(spec));
        return this;
    }

    public AugurPipelineBuilder latents(String module, String spec) {
        return latents(module, LatentSelection.parse(spec));
    }

    public AugurPipelineBuilder latents(String module, LatentSelection selection) {
        latents.put(module, selection);
        return this;
    }

    /**
     * The run's one seed (default 22, delphi's): construction, sampling, the scorers' shuffles
     * and random explanations all derive from it; it replaces the seeds of {@link #constructor}
     * and {@link #sampler}.
     */
    public AugurPipelineBuilder seed(long s) {
        this.seed = s;
        return this;
    }

    public AugurPipelineBuilder constructor(ConstructorConfig c) {
        this.constructor = c;
        return this;
    }

    /** Example construction backend: "auto" (default; CUDA when present), "cpu" or "cuda". */
    public AugurPipelineBuilder device(String autoCpuOrCuda) {
        return device(Device.parse(autoCpuOrCuda));
    }

    public AugurPipelineBuilder device(Device d) {
        this.device = d;
        return this;
    }

    public AugurPipelineBuilder sampler(SamplerConfig s) {
        this.sampler = s;
        return this;
    }

    public AugurPipelineBuilder neighbours(Path fileOrDir) {
        this.neighbours = fileOrDir;
        return this;
    }

    /**
     * Computes each module's neighbours instead of reading a file ({@code --neighbours-method}):
     * {@code build()} writes them to {@code <run>/neighbours/<module>-<method>.json}, or reuses
     * that file when it is there. {@code sae} is the SAE's folder for the similarity methods
     * (null for co-occurrence); the device is the pipeline's.
     */
    public AugurPipelineBuilder neighboursMethod(NeighbourMethod method, int k, Path sae) {
        if (k < 1) {
            throw new AugurException("neighboursMethod: k must be at least 1, got " + k);
        }
        if (method.needsWeights() != (sae != null)) {
            throw new AugurException("neighboursMethod: " + method.flagName()
                + (method.needsWeights() ? " reads the SAE's weights: pass its folder" : " reads the cache: pass no SAE folder"));
        }
        this.computeNeighbours = new NeighbourRequest(method, k, sae, null);
        return this;
    }

    /** Where window embeddings for embedding hard negatives are kept. */
    public AugurPipelineBuilder embeddingCache(Path dir) {
        this.embeddingCache = dir;
        return this;
    }

    public AugurPipelineBuilder tokenizer(Path tokenizerJson) {
        this.tokenizer = tokenizerJson;
        return this;
    }

    /** An OpenAI-compatible server; the pipeline opens and closes its own client. */
    public AugurPipelineBuilder llm(LlmConfig config) {
        this.llmConfig = config;
        return this;
    }

    /** A client the caller owns (and closes), with the Vert.x instance it runs on. */
    public AugurPipelineBuilder llm(LlmClient client, Vertx onVertx) {
        this.llm = client;
        this.vertx = onVertx;
        return this;
    }

    /** Explanations written by the LLM with one of the prompt variants. */
    public AugurPipelineBuilder explain(ExplainerVariant variant, boolean showActivations,
                                        boolean chainOfThought) {
        if (!variant.usesLlm()) {
            throw new AugurException("explain(" + variant + "): use loadExplanations or randomExplanations");
        }
        return explanations(variant, null, showActivations, chainOfThought);
    }

    /** Explanations read from {@code <dir>/<latent>.txt} (copied into the run's explanations/). */
    public AugurPipelineBuilder loadExplanations(Path dir) {
        return explanations(ExplainerVariant.NONE, dir, false, false);
    }

    /** The control: each latent gets another latent's explanation from {@code dir}. */
    public AugurPipelineBuilder randomExplanations(Path dir) {
        return explanations(ExplainerVariant.RANDOM, dir, false, false);
    }

    private AugurPipelineBuilder explanations(ExplainerVariant v, Path dir, boolean activations, boolean cot) {
        this.variant = v;
        this.explanationSource = dir;
        this.showActivations = activations;
        this.chainOfThought = cot;
        this.customExplainer = null;
        return this;
    }

    /**
     * Your own explainer, run in this process on a node-local stage.
     *
     * @param writesNewExplanations true when it writes new explanations (kept in the run's
     *                              explanations/ and reused on resume), false when it reads them
     */
    public AugurPipelineBuilder explainer(Explainer custom, boolean writesNewExplanations) {
        this.customExplainer = custom;
        this.customWrites = writesNewExplanations;
        this.variant = null;
        this.explanationSource = null;
        return this;
    }

    /** Examples per prompt, log-probabilities, fuzzing variant, request sizes and seed of the scorers. */
    public AugurPipelineBuilder scorerSettings(ScorerSettings s) {
        this.scorerSettings = s;
        return this;
    }

    public AugurPipelineBuilder scorer(ScorerKind kind) {
        builtIn.add(kind);
        scorersNeedLlm |= kind.usesLlm();
        return this;
    }

    /**
     * A built-in scorer with hooks run before (on its input) and after (on its samples); it runs
     * in this process, on a node-local stage, and writes scores/&lt;scorer&gt;/ as usual.
     */
    public AugurPipelineBuilder scorer(ScorerKind kind, UnaryOperator<ScoreInput> before,
                                      UnaryOperator<List<ScoreSample>> after) {
        // the settings are final only at build(): read them when the node makes the scorer
        own.add(new LocalStages.LocalScorer(kind.folder(),
            c -> new HookedScorer(Scorers.create(kind, c, settingsForScorers()), before, after)));
        scorersNeedLlm |= kind.usesLlm();
        return this;
    }

    /** Your own scorer, run in this process on a node-local stage; writes scores/&lt;name()&gt;/. */
    public AugurPipelineBuilder scorer(Scorer custom) {
        own.add(new LocalStages.LocalScorer(custom.name(), c -> custom));
        return this;
    }

    /** Latents explained and scored at once (their prompts share the LLM's own limit). */
    public AugurPipelineBuilder parallelism(int latentsInFlight) {
        this.parallelism = latentsInFlight;
        return this;
    }

    /** Also write delphi-compatible files under this run folder, resuming what exists. */
    public AugurPipelineBuilder output(Path runDir, boolean overwriteExisting) {
        this.output = runDir;
        this.overwrite = overwriteExisting;
        return this;
    }

    private ScorerSettings builtSettings;

    private ScorerSettings settingsForScorers() {
        return builtSettings;
    }

    /**
     * The run as {@code augur run} would plan it from the same settings (the same defaults: the
     * LLM's max_tokens and temperature, the sampler's seed for the scorers' shuffles), then the
     * pipeline that runs it on the same verticles.
     */
    public AugurPipeline build() {
        if (cache == null) {
            throw new AugurException("the pipeline needs a cache folder");
        }
        boolean explanationFree = own.isEmpty() && builtIn.stream().noneMatch(ScorerKind::usesExplanation);
        if (variant == null && customExplainer == null && !explanationFree) {
            throw new AugurException("the pipeline needs an explanation source: explain(...), "
                + "loadExplanations(dir) or randomExplanations(dir)");
        }
        if (tokenizer == null) {
            throw new AugurException("the pipeline shows text to the LLM and needs a tokenizer.json");
        }
        if (builtIn.isEmpty() && own.isEmpty()) {
            throw new AugurException("the pipeline needs at least one scorer: scorer(...)");
        }
        if (llm == null && llmConfig == null && ((variant != null && variant.usesLlm()) || scorersNeedLlm)) {
            throw new AugurException("explaining with an LLM and the LLM scorers need a server: "
                + "call llm(...)");
        }
        // one seed: the one given, else the construction settings' (a different sampler seed is an error)
        long seed = this.seed != null ? this.seed : constructor.seed();
        SamplerConfig sampler = this.seed != null ? this.sampler.withSeed(seed) : this.sampler;
        // delphi sampling also draws neighbour negatives as delphi does (SPEC 4)
        ConstructorConfig constructor = this.constructor.withSeed(seed).withNeighbourDraw(
            sampler.mode() == SamplingMode.DELPHI ? NeighbourDraw.DELPHI : this.constructor.neighbourDraw());
        builtSettings = scorerSettings != null ? scorerSettings : new ScorerSettings(
            ScorerSettings.DEFAULT_N_EXAMPLES_SHOWN, false, ScorerSettings.FuzzType.DEFAULT,
            llmConfig == null ? LlmConfig.DEFAULT_MAX_TOKENS : llmConfig.maxTokens(),
            llmConfig == null ? LlmConfig.DEFAULT_TEMPERATURE : llmConfig.temperature(), seed);
        Path temporary = null;
        RunLayout layout;
        if (output != null) {
            layout = new RunLayout(output);
        } else { // results in memory only: the run's files live in a folder removed at close
            try {
                temporary = java.nio.file.Files.createTempDirectory("augur-api-run");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            layout = new RunLayout(temporary);
        }
        ExplainerVariant v = variant != null ? variant : ExplainerVariant.NONE;
        Path explanationsDir = explanationSource != null ? explanationSource : layout.explanations();
        ExplainSpec explain = new ExplainSpec(v, showActivations, chainOfThought, builtSettings.maxTokens(),
            builtSettings.temperature(), explanationsDir.toString(), seed, builtSettings.prompts());
        RecordSettings records = neighbours(new RecordSettings(List.copyOf(modules), Map.copyOf(latents),
            constructor, sampler, neighbours, computeNeighbours == null ? null
                : new NeighbourRequest(computeNeighbours.method(), computeNeighbours.k(), computeNeighbours.sae(), device)),
            layout);
        RunPlan plan = new RunPlan(cache, records, tokenizer, embeddingCache, device, layout, overwrite,
            explain, customExplainer == null && !v.usesLlm() ? explanationSource : null, builtIn, builtSettings,
            parallelism, llm != null ? null : llmConfig,
            new LocalStages(customExplainer, customWrites, own));
        return new AugurPipeline(plan, llm, vertx, temporary);
    }

    /** Neighbours asked for with {@link #neighboursMethod}: computed now into the run folder. */
    private RecordSettings neighbours(RecordSettings records, RunLayout layout) {
        if (records.computeNeighbours() == null) {
            return records;
        }
        if (records.constructor().nonActivating() != dev.augur.construct.NonActivatingSource.NEIGHBOURS) {
            throw new AugurException("neighboursMethod(...) goes with neighbour negatives: "
                + "constructor(ConstructorConfig.defaults().withNonActivating(NonActivatingSource.NEIGHBOURS))");
        }
        if (neighbours != null) {
            throw new AugurException("neighbours(file) and neighboursMethod(...) exclude each other");
        }
        return ComputedNeighbours.prepare(cache, records, layout.dir().resolve("neighbours"),
            new java.io.PrintWriter(java.io.Writer.nullWriter()));
    }
}

package dev.augur.api;

import dev.augur.AugurException;
import dev.augur.cache.LatentCache;
import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.ExampleConstructors;
import dev.augur.construct.NonActivatingSource;
import dev.augur.embed.MiniLmEmbedder;
import dev.augur.explain.Explainer;
import dev.augur.explain.ExplainerVariant;
import dev.augur.explain.ExplanationStore;
import dev.augur.explain.FileExplainer;
import dev.augur.explain.LlmExplainer;
import dev.augur.llm.LlmClient;
import dev.augur.llm.LlmConfig;
import dev.augur.llm.LlmClients;
import dev.augur.metrics.ScoreSample;
import dev.augur.record.RecordSettings;
import dev.augur.record.RecordSource;
import dev.augur.run.LatentProcessor;
import dev.augur.runfolder.RunLayout;
import dev.augur.sample.SamplerConfig;
import dev.augur.score.HookedScorer;
import dev.augur.score.ScoreInput;
import dev.augur.score.Scorer;
import dev.augur.score.ScorerKind;
import dev.augur.score.ScorerSettings;
import dev.augur.score.Scorers;
import dev.augur.tokenizer.TokenDecoder;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Builds an {@link AugurPipeline}; every setting has delphi's default unless said. */
public final class AugurPipelineBuilder {
    private Path cache;
    private final List<String> modules = new ArrayList<>();
    private final Map<String, LatentSelection> latents = new LinkedHashMap<>();
    private ConstructorConfig constructor = ConstructorConfig.defaults();
    private SamplerConfig sampler = SamplerConfig.defaults(ConstructorConfig.DEFAULT_SEED);
    private Path neighbours;
    private String device = ExampleConstructors.DEFAULT_DEVICE;
    private Path embeddingCache = Path.of(System.getProperty("user.home"), ".cache", "augur", "embeddings");
    private Path tokenizer;
    private LlmConfig llmConfig;
    private LlmClient llm;
    private Vertx vertx;
    private Function<LlmClient, Explainer> explainer;
    private boolean generates;
    private Path explanationSource;
    private boolean scorersNeedLlm;
    private final List<Function<LlmClient, Scorer>> scorers = new ArrayList<>();
    private ScorerSettings scorerSettings = new ScorerSettings(ScorerSettings.DEFAULT_N_EXAMPLES_SHOWN,
        false, ScorerSettings.FuzzType.DEFAULT, 1000, 0.0, ConstructorConfig.DEFAULT_SEED);
    private int parallelism = 10;
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

    public AugurPipelineBuilder constructor(ConstructorConfig c) {
        this.constructor = c;
        return this;
    }

    /** Example construction backend: "auto" (default; CUDA when present), "cpu" or "cuda". */
    public AugurPipelineBuilder device(String autoCpuOrCuda) {
        this.device = autoCpuOrCuda;
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
        this.explainer = c -> new LlmExplainer(c, new LlmExplainer.Settings(variant,
            showActivations, chainOfThought, scorerSettings.maxTokens(), scorerSettings.temperature()));
        this.generates = true;
        this.explanationSource = null;
        return this;
    }

    /** Explanations read from {@code <dir>/<latent>.txt}. */
    public AugurPipelineBuilder loadExplanations(Path dir) {
        this.explainer = c -> new FileExplainer(new ExplanationStore(dir), false, sampler.seed());
        this.generates = false;
        this.explanationSource = dir;
        return this;
    }

    /** The control: each latent gets another latent's explanation from {@code dir}. */
    public AugurPipelineBuilder randomExplanations(Path dir) {
        this.explainer = c -> new FileExplainer(new ExplanationStore(dir), true, sampler.seed());
        this.generates = false;
        this.explanationSource = dir;
        return this;
    }

    public AugurPipelineBuilder explainer(Explainer custom, boolean writesNewExplanations) {
        this.explainer = c -> custom;
        this.generates = writesNewExplanations;
        this.explanationSource = null;
        return this;
    }

    public AugurPipelineBuilder scorerSettings(ScorerSettings s) {
        this.scorerSettings = s;
        return this;
    }

    public AugurPipelineBuilder scorer(ScorerKind kind) {
        return scorer(kind, null, null);
    }

    /** A built-in scorer with hooks run before (on its input) and after (on its samples). */
    public AugurPipelineBuilder scorer(ScorerKind kind, UnaryOperator<ScoreInput> before,
                                      UnaryOperator<List<ScoreSample>> after) {
        scorers.add(c -> new HookedScorer(Scorers.create(kind, c, scorerSettings), before, after));
        scorersNeedLlm |= kind.usesLlm();
        return this;
    }

    public AugurPipelineBuilder scorer(Scorer custom) {
        scorers.add(c -> custom);
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

    public AugurPipeline build() {
        if (cache == null) {
            throw new AugurException("the pipeline needs a cache folder");
        }
        if (explainer == null) {
            throw new AugurException("the pipeline needs an explanation source: explain(...), "
                + "loadExplanations(dir) or randomExplanations(dir)");
        }
        if (tokenizer == null) {
            throw new AugurException("the pipeline shows text to the LLM and needs a tokenizer.json");
        }
        ExampleConstructor backend = ExampleConstructors.forDevice(device,
            line -> System.err.println("augur: " + line));
        RecordSource source = new RecordSource(LatentCache.open(cache), new RecordSettings(
            List.copyOf(modules), Map.copyOf(latents), constructor, sampler, neighbours), backend)
            .needingTrain(generates); // an explainer never sees an empty train set
        TokenDecoder decoder = TokenDecoder.open(tokenizer);
        if (constructor.nonActivating() == NonActivatingSource.EMBEDDING) {
            source.withEmbeddings(decoder, MiniLmEmbedder.shared(), embeddingCache);
        }
        Vertx v = vertx != null ? vertx : Vertx.vertx();
        LlmClient client = llm;
        if (client == null && llmConfig != null) {
            client = LlmClients.fromEnvironment(v, llmConfig);
        }
        if (client == null && (generates || scorersNeedLlm)) {
            throw new AugurException("explaining with an LLM and the LLM scorers need a server: "
                + "call llm(...)");
        }
        LlmClient finalClient = client;
        List<Scorer> built = scorers.stream().map(f -> f.apply(finalClient)).toList();
        LatentProcessor processor = new LatentProcessor(v, explainer.apply(client), generates,
            built, output == null ? null : new RunLayout(output), overwrite, decoder)
            .recordingLoadedExplanations(explanationSource);
        boolean ownsClient = llm == null && client != null;
        boolean ownsVertx = vertx == null;
        return new AugurPipeline(source, processor, parallelism, () -> {
            if (ownsClient) {
                finalClient.close();
            }
            decoder.close();
            if (backend instanceof AutoCloseable gpu) {
                try {
                    gpu.close();
                } catch (Exception e) {
                    // the GPU is released at exit all the same
                }
            }
            if (ownsVertx) {
                v.close().await();
            }
        });
    }
}

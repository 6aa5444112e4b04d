package dev.augur.cli;

import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.Device;
import dev.augur.construct.NeighbourDraw;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.neighbours.NeighbourMethod;
import dev.augur.neighbours.NeighbourRequest;
import dev.augur.record.RecordSettings;
import dev.augur.sample.SamplerConfig;
import dev.augur.sample.SamplingMode;
import dev.augur.sample.TrainType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Cache selection, construction and sampling flags shared by every command that builds records. */
@HelpGroup.In(HelpGroup.RECORDS)
public final class RecordOptions {
    @Option(names = "--cache", paramLabel = "DIR",
        description = "delphi latent cache (a folder per module), or a run folder holding latents/ "
            + "(required; augur run --demo brings its own)")
    Path cache;

    @Option(names = "--module", paramLabel = "M", description = "module to read; repeatable (default: all)")
    List<String> modules = new ArrayList<>();

    @Option(names = "--latents", paramLabel = "SPEC",
        description = "all | start:end (end exclusive) | i,j,k | MODULE=SPEC (that module only, in "
            + "place of the plain ones); repeated, the selections add up (default: all)")
    List<String> latents = new ArrayList<>();

    @Option(names = "--example-ctx-len", paramLabel = "TOKENS",
        defaultValue = "" + ConstructorConfig.DEFAULT_EXAMPLE_CTX_LEN,
        description = "tokens per example window; the cached context length must be a multiple "
            + "(default: ${DEFAULT-VALUE})")
    int exampleCtxLen;

    @Option(names = "--min-examples", paramLabel = "N", defaultValue = "" + ConstructorConfig.DEFAULT_MIN_EXAMPLES,
        description = "latents with fewer activating examples are skipped (default: ${DEFAULT-VALUE})")
    int minExamples;

    @Option(names = "--max-examples", paramLabel = "N", defaultValue = "0",
        description = "keep only the N strongest windows, 0 = unlimited (default: ${DEFAULT-VALUE})")
    int maxExamples;

    @Option(names = "--n-non-activating", paramLabel = "N",
        defaultValue = "" + ConstructorConfig.DEFAULT_N_NON_ACTIVATING,
        description = "non-activating examples per latent (default: ${DEFAULT-VALUE})")
    int nNonActivating;

    @Option(names = "--window", converter = Converters.ToWindowMode.class, paramLabel = "MODE", defaultValue = "aligned",
        description = "aligned (delphi center_examples=True) | centered (maximum at C - C/4) "
            + "(default: ${DEFAULT-VALUE})")
    WindowMode window;

    @Option(names = "--non-activating", converter = Converters.ToNonActivatingSource.class, paramLabel = "SOURCE", defaultValue = "random",
        description = "random | neighbours | embedding (hard negatives, needs a tokenizer) "
            + "(default: ${DEFAULT-VALUE})")
    NonActivatingSource nonActivating;

    @Option(names = "--neighbours", paramLabel = "FILE_OR_DIR",
        description = "delphi neighbours file, or a folder with <module>-<type>.json; only with "
            + "--non-activating neighbours (default: none)")
    Path neighbours;

    @Option(names = "--neighbours-method", converter = Converters.ToNeighbourMethod.class, paramLabel = "METHOD",
        description = "compute the neighbours instead of reading --neighbours: co-occurrence | "
            + "decoder-similarity | encoder-similarity (these need --sae); augur run keeps them in "
            + "<run>/neighbours/; only with --non-activating neighbours (default: none)")
    NeighbourMethod neighboursMethod;

    @Option(names = "--neighbours-k", paramLabel = "N", defaultValue = "" + NeighbourRequest.DEFAULT_K,
        description = "neighbours per latent that --neighbours-method keeps (default: ${DEFAULT-VALUE})")
    int neighboursK;

    @Option(names = "--sae", paramLabel = "DIR",
        description = "the SAE's folder (sparsify or SAELens) for --neighbours-method "
            + "decoder-similarity|encoder-similarity (default: none)")
    Path sae;

    @Option(names = "--train-type", converter = Converters.ToTrainType.class, paramLabel = "TYPE", defaultValue = "quantiles",
        description = "how train examples are drawn: top | random | quantiles | mix (default: ${DEFAULT-VALUE})")
    TrainType trainType;

    @Option(names = "--n-train", paramLabel = "N", defaultValue = "" + SamplerConfig.DEFAULT_N_TRAIN,
        description = "train examples per latent, shown to the explainer (default: ${DEFAULT-VALUE})")
    int nTrain;

    @Option(names = "--n-test", paramLabel = "N", defaultValue = "" + SamplerConfig.DEFAULT_N_TEST,
        description = "test examples per latent, spread over the quantiles, for the scorers "
            + "(default: ${DEFAULT-VALUE})")
    int nTest;

    @Option(names = "--n-quantiles", paramLabel = "N", defaultValue = "" + SamplerConfig.DEFAULT_N_QUANTILES,
        description = "activation quantiles the examples are split into (default: ${DEFAULT-VALUE})")
    int nQuantiles;

    @Option(names = "--ratio-top", paramLabel = "R", defaultValue = "" + SamplerConfig.DEFAULT_RATIO_TOP,
        description = "share of train examples taken from the top with --train-type mix, 0 to 1 "
            + "(default: ${DEFAULT-VALUE})")
    double ratioTop;

    @Option(names = "--sampling", converter = Converters.ToSamplingMode.class, paramLabel = "MODE", defaultValue = "disjoint",
        description = "disjoint (train never shares a window with test) | delphi (independent draws; "
            + "neighbour negatives drawn as delphi does, usually more than --n-non-activating) "
            + "(default: ${DEFAULT-VALUE})")
    SamplingMode sampling;

    @Option(names = "--tokenizer", paramLabel = "FILE",
        description = "tokenizer.json; else found by the cache's model_name in the local HuggingFace "
            + "cache, never downloaded (default: HF cache)")
    Path tokenizer;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + ConstructorConfig.DEFAULT_SEED,
        description = "every random draw derives from it, per latent (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--embedding-cache", paramLabel = "DIR",
        description = "where window embeddings for --non-activating embedding are stored, reused by later runs "
            + "(default: ~/.cache/augur/embeddings)")
    Path embeddingCache;

    @Option(names = "--device", converter = Converters.ToDevice.class, paramLabel = "DEVICE", defaultValue = "auto",
        description = "example construction: auto (CUDA when a GPU and driver are present, else CPU) "
            + "| cpu | cuda (default: ${DEFAULT-VALUE})")
    Device device;

    /** The cache folder; it is required. */
    public Path cache() {
        if (cache == null) {
            throw new dev.augur.AugurException("--cache DIR is required (a delphi latent cache)");
        }
        return cache;
    }

    /** The embedding cache folder, defaulted. */
    public Path embeddingCache() {
        return embeddingCache != null ? embeddingCache
            : Path.of(System.getProperty("user.home"), ".cache", "augur", "embeddings");
    }

    /** --sampling delphi also draws neighbour negatives as delphi does (SPEC 4). */
    static NeighbourDraw neighbourDraw(SamplingMode sampling) {
        return sampling == SamplingMode.DELPHI ? NeighbourDraw.DELPHI : NeighbourDraw.EXACT;
    }

    public RecordSettings settings() {
        ConstructorConfig constructor = new ConstructorConfig(exampleCtxLen, minExamples,
            maxExamples, nNonActivating, window,
            nonActivating, seed, neighbourDraw(sampling));
        SamplerConfig sampler = new SamplerConfig(trainType, nTrain, nTest,
            nQuantiles, ratioTop, sampling, seed);
        Map<String, LatentSelection> selection = new LinkedHashMap<>();
        for (String spec : latents) {
            int eq = spec.indexOf('=');
            String module = eq > 0 ? spec.substring(0, eq) : RecordSettings.ANY_MODULE;
            LatentSelection parsed = LatentSelection.parse(eq > 0 ? spec.substring(eq + 1) : spec);
            selection.merge(module, parsed, LatentSelection::union);
        }
        return new RecordSettings(List.copyOf(modules), selection, constructor, sampler, neighbours,
            neighbourRequest());
    }

    /** What --neighbours-method asks for (null: nothing to compute), its flags checked. */
    private NeighbourRequest neighbourRequest() {
        if (neighboursMethod == null) {
            if (sae != null) {
                throw new dev.augur.AugurException("--sae " + sae + " is read only with --neighbours-method "
                    + "decoder-similarity|encoder-similarity");
            }
            return null;
        }
        String flag = "--neighbours-method " + neighboursMethod.flagName();
        if (neighbours != null) {
            throw new dev.augur.AugurException(flag + " computes the neighbours and --neighbours "
                + neighbours + " reads them: give one of the two");
        }
        if (nonActivating != NonActivatingSource.NEIGHBOURS) {
            throw new dev.augur.AugurException(flag + " is used only with --non-activating neighbours "
                + "(the source is " + nonActivating.name().toLowerCase(java.util.Locale.ROOT)
                + "): add that flag or drop --neighbours-method");
        }
        return NeighbourFlags.request("--neighbours-method", neighboursMethod, "--neighbours-k",
            neighboursK, sae, device);
    }
}

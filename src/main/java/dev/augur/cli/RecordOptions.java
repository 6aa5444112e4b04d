package dev.augur.cli;

import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
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
public final class RecordOptions {
    @Option(names = "--cache", paramLabel = "DIR",
        description = "delphi latent cache: <cache>/<module>/*.safetensors (or a run folder with latents/)")
    Path cache;

    @Option(names = "--module", paramLabel = "M", description = "module to read (repeatable; default all)")
    List<String> modules = new ArrayList<>();

    @Option(names = "--latents", paramLabel = "SPEC",
        description = "all | start:end (end exclusive) | i,j,k | MODULE=SPEC; default all. Repeated, "
            + "the selections add up (--latents 0:10 --latents 50 is 0..9 and 50); MODULE=SPEC applies "
            + "to that module only, in place of the plain ones")
    List<String> latents = new ArrayList<>();

    @Option(names = "--example-ctx-len", defaultValue = "" + ConstructorConfig.DEFAULT_EXAMPLE_CTX_LEN)
    int exampleCtxLen;

    @Option(names = "--min-examples", defaultValue = "" + ConstructorConfig.DEFAULT_MIN_EXAMPLES)
    int minExamples;

    @Option(names = "--max-examples", defaultValue = "0",
        description = "keep only the N strongest windows (0 = unlimited)")
    int maxExamples;

    @Option(names = "--n-non-activating", defaultValue = "" + ConstructorConfig.DEFAULT_N_NON_ACTIVATING)
    int nNonActivating;

    @Option(names = "--window", defaultValue = "aligned", description = "aligned | centered")
    String window;

    @Option(names = "--non-activating", defaultValue = "random",
        description = "random | neighbours | embedding (hard negatives, needs --tokenizer)")
    String nonActivating;

    @Option(names = "--neighbours", paramLabel = "FILE_OR_DIR",
        description = "delphi neighbours file, or a folder with <module>-<type>.json "
            + "(only with --non-activating neighbours; checked before anything is written)")
    Path neighbours;

    @Option(names = "--train-type", defaultValue = "quantiles", description = "top | random | quantiles | mix")
    String trainType;

    @Option(names = "--n-train", defaultValue = "" + SamplerConfig.DEFAULT_N_TRAIN)
    int nTrain;

    @Option(names = "--n-test", defaultValue = "" + SamplerConfig.DEFAULT_N_TEST)
    int nTest;

    @Option(names = "--n-quantiles", defaultValue = "" + SamplerConfig.DEFAULT_N_QUANTILES)
    int nQuantiles;

    @Option(names = "--ratio-top", defaultValue = "" + SamplerConfig.DEFAULT_RATIO_TOP)
    double ratioTop;

    @Option(names = "--sampling", defaultValue = "disjoint",
        description = "disjoint (train and test never share a window) | delphi (independent draws)")
    String sampling;

    @Option(names = "--tokenizer", paramLabel = "FILE",
        description = "tokenizer.json (default: the local HuggingFace cache, by the cache's model_name)")
    Path tokenizer;

    @Option(names = "--seed", defaultValue = "" + ConstructorConfig.DEFAULT_SEED)
    long seed;

    @Option(names = "--embedding-cache", paramLabel = "DIR",
        description = "where window embeddings for --non-activating embedding are kept "
            + "(default ~/.cache/augur/embeddings)")
    Path embeddingCache;

    @Option(names = "--device", defaultValue = "auto",
        description = "example construction: auto (CUDA when a GPU and driver are present, else CPU) | cpu | cuda")
    String device;

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

    public RecordSettings settings() {
        ConstructorConfig constructor = new ConstructorConfig(exampleCtxLen, minExamples,
            maxExamples, nNonActivating, WindowMode.parse(window),
            NonActivatingSource.parse(nonActivating), seed);
        SamplerConfig sampler = new SamplerConfig(TrainType.parse(trainType), nTrain, nTest,
            nQuantiles, ratioTop, SamplingMode.parse(sampling), seed);
        Map<String, LatentSelection> selection = new LinkedHashMap<>();
        for (String spec : latents) {
            int eq = spec.indexOf('=');
            String module = eq > 0 ? spec.substring(0, eq) : RecordSettings.ANY_MODULE;
            LatentSelection parsed = LatentSelection.parse(eq > 0 ? spec.substring(eq + 1) : spec);
            selection.merge(module, parsed, LatentSelection::union);
        }
        return new RecordSettings(List.copyOf(modules), selection, constructor, sampler, neighbours);
    }
}

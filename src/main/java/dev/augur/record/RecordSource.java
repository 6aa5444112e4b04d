package dev.augur.record;

import dev.augur.cache.LatentCache;
import dev.augur.cache.SplitActivations;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.LatentExamples;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.sample.Sampler;
import dev.augur.tokenizer.TokenDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds latent records from a cache in one process ({@code augur records}): a loop over the
 * work units of {@link RecordUnits} (the pipeline's dataset, construct and sample stages, one
 * after the other), so both build every record the same way. Records reach the consumer in
 * (module, latent) order, one batch at a time, so memory holds one split plus one batch.
 */
public final class RecordSource {
    /** Bounds on one construction batch, to bound the examples held in memory at once. */
    public static final int MAX_BATCH_LATENTS = 256;
    public static final long MAX_BATCH_ACTIVATIONS = 400_000;

    private final LatentCache cache;
    private final RecordSettings settings;
    private final RecordUnits units;
    private final ExampleConstructor backend;
    private final Sampler sampler;
    private final RecordStats stats = new RecordStats();
    private boolean needsTrain = true;

    public RecordSource(LatentCache cache, RecordSettings settings, ExampleConstructor backend) {
        this.cache = cache;
        this.settings = settings;
        this.units = new RecordUnits(cache, settings);
        this.backend = backend;
        this.sampler = new Sampler(settings.sampler());
    }

    /** What the EMBEDDING non-activating source needs: texts, a model, a cache folder. */
    public RecordSource withEmbeddings(TokenDecoder decoder, SentenceEmbedder embedder, Path cacheDir) {
        units.withEmbeddings(decoder, embedder, cacheDir);
        return this;
    }

    /**
     * Whether a latent needs a train set (default true: an explainer is prompted with it); a run
     * that loads its explanations scores latents whose train set is empty. See
     * {@link LatentRecord#sample}.
     */
    public RecordSource needingTrain(boolean needed) {
        this.needsTrain = needed;
        return this;
    }

    public RecordStats stats() {
        return stats;
    }

    public List<String> modules() {
        return settings.modules().isEmpty() ? cache.modules() : settings.modules();
    }

    /** How many latents the selection holds over all modules (for progress displays). */
    public long countSelected() {
        return RecordUnits.countSelected(cache, settings);
    }

    /** Builds every selected latent's record, handing them over in batches, in order. */
    public void forEachBatch(Consumer<RecordBatch> sink) {
        for (RecordUnits.Unit unit : units.plan(MAX_BATCH_LATENTS)) {
            RecordUnits.Loaded loaded = units.load(unit);
            stats.add(unit.size(), loaded.dead(), 0, 0);
            for (ConstructionBatch batch : byActivations(loaded.batch())) {
                List<LatentExamples> built = backend.construct(batch);
                List<LatentRecord> records = RecordUnits.sample(sampler, built, needsTrain);
                records.forEach(stats::count);
                sink.accept(new RecordBatch(cache.module(unit.module()), records));
            }
        }
    }

    /** The unit's live latents in batches of at most {@link #MAX_BATCH_ACTIVATIONS} activations. */
    private static List<ConstructionBatch> byActivations(ConstructionBatch b) {
        List<ConstructionBatch> out = new ArrayList<>();
        SplitActivations acts = b.split();
        int from = 0;
        long n = 0;
        int[] ids = b.latents();
        for (int i = 0; i < ids.length; i++) {
            n += acts.count(ids[i]);
            if (n >= MAX_BATCH_ACTIVATIONS || i == ids.length - 1) {
                out.add(new ConstructionBatch(b.module(), b.corpus(), acts, Arrays.copyOfRange(ids, from, i + 1),
                    b.config(), b.neighbours(), b.lookup(), b.embeddings()));
                from = i + 1;
                n = 0;
            }
        }
        return out;
    }
}

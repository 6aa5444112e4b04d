package dev.augur.record;

import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.LatentExamples;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.tokenizer.TokenDecoder;
import java.nio.file.Path;
import dev.augur.sample.Sampler;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds latent records from a cache: module by module, split by split, in batches of live
 * latents handed to the constructor backend, then sampled. Records reach the consumer in
 * (module, latent) order, one batch at a time, so memory holds one split plus one batch.
 */
public final class RecordSource {
    /** Bounds on one construction batch, to bound the examples held in memory at once. */
    public static final int MAX_BATCH_LATENTS = 256;
    public static final long MAX_BATCH_ACTIVATIONS = 400_000;

    private final LatentCache cache;
    private final RecordSettings settings;
    private final ExampleConstructor backend;
    private final Sampler sampler;
    private final RecordStats stats = new RecordStats();
    private TokenDecoder decoder;
    private SentenceEmbedder embedder;
    private Path embeddingCache;
    private boolean needsTrain = true;

    public RecordSource(LatentCache cache, RecordSettings settings, ExampleConstructor backend) {
        this.cache = cache;
        this.settings = settings;
        this.backend = backend;
        this.sampler = new Sampler(settings.sampler());
    }

    /** What the EMBEDDING non-activating source needs: texts, a model, a cache folder. */
    public RecordSource withEmbeddings(TokenDecoder decoder, SentenceEmbedder embedder, Path cacheDir) {
        this.decoder = decoder;
        this.embedder = embedder;
        this.embeddingCache = cacheDir;
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
        long n = 0;
        for (String name : modules()) {
            ModuleCache m = cache.module(name);
            n += m.select(settings.selectionFor(name)).cardinality();
        }
        return n;
    }

    /** Builds every selected latent's record, handing them over in batches, in order. */
    public void forEachBatch(Consumer<RecordBatch> sink) {
        for (String name : modules()) {
            buildModule(cache.module(name), sink);
        }
    }

    private void buildModule(ModuleCache module, Consumer<RecordBatch> sink) {
        BitSet selected = module.select(settings.selectionFor(module.name()));
        List<SplitFile> splits = module.splitsFor(selected);
        if (splits.isEmpty()) {
            return;
        }
        ModuleContext context = new ModuleContext(module, splits.get(0), settings, decoder,
            embedder, embeddingCache);
        for (SplitFile split : splits) {
            buildSplit(context, context.split(split), selected, sink);
        }
    }

    private void buildSplit(ModuleContext context, SplitActivations acts, BitSet selected,
                            Consumer<RecordBatch> sink) {
        List<Integer> batch = new ArrayList<>();
        long batchActivations = 0;
        for (int l = selected.nextSetBit(acts.start()); l >= 0 && l <= acts.end();
             l = selected.nextSetBit(l + 1)) {
            stats.selected.incrementAndGet();
            int n = acts.count(l);
            if (n == 0) {
                stats.dead.incrementAndGet();
                continue;
            }
            batch.add(l);
            batchActivations += n;
            if (batch.size() >= MAX_BATCH_LATENTS || batchActivations >= MAX_BATCH_ACTIVATIONS) {
                runBatch(context, acts, batch, sink);
                batch.clear();
                batchActivations = 0;
            }
        }
        if (!batch.isEmpty()) {
            runBatch(context, acts, batch, sink);
        }
    }

    private void runBatch(ModuleContext context, SplitActivations acts, List<Integer> latents,
                          Consumer<RecordBatch> sink) {
        int[] ids = latents.stream().mapToInt(Integer::intValue).toArray();
        List<LatentExamples> built = backend.construct(context.batch(acts, ids));
        List<LatentRecord> records = built.parallelStream()
            .map(ex -> LatentRecord.sample(ex, sampler, needsTrain))
            .toList();
        records.forEach(stats::count);
        sink.accept(new RecordBatch(context.module(), records));
    }
}

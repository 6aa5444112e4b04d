package dev.augur.record;

import dev.augur.AugurException;
import dev.augur.cache.LatentActivations;
import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import dev.augur.cache.TokenCorpus;
import dev.augur.construct.ActivationLookup;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ExampleConstructor;
import dev.augur.construct.LatentExamples;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.HardNegatives;
import dev.augur.construct.Neighbours;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.embed.WindowIndex;
import dev.augur.tokenizer.TokenDecoder;
import java.nio.file.Path;
import dev.augur.sample.Sampler;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    private HardNegatives hardNegatives;

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
        // The corpus stays mapped while any record refers to it (examples read their tokens
        // from it); the garbage collector unmaps it after that.
        TokenCorpus corpus = module.openCorpus(splits.get(0));
        settings.constructor().checkSequenceLength(corpus.seqLen(), module.dir().toString());
        Neighbours neighbours = null;
        SplitCache loaded = new SplitCache(module, corpus);
        if (settings.constructor().nonActivating() == NonActivatingSource.NEIGHBOURS) {
            if (settings.neighbours() == null) {
                throw new AugurException("--non-activating neighbours needs --neighbours "
                    + "FILE_OR_DIR");
            }
            neighbours = Neighbours.read(Neighbours.locate(settings.neighbours(), module.name()));
        }
        hardNegatives = settings.constructor().nonActivating() == NonActivatingSource.EMBEDDING
            ? hardNegatives(corpus) : null;
        for (SplitFile split : splits) {
            SplitActivations acts = loaded.get(split, neighbours != null);
            buildSplit(module, corpus, acts, selected, neighbours, loaded, sink);
        }
    }

    private HardNegatives hardNegatives(TokenCorpus corpus) {
        if (decoder == null || embedder == null) {
            throw new AugurException("--non-activating embedding compares window texts and needs "
                + "a tokenizer (--tokenizer FILE)");
        }
        int c = settings.constructor().exampleCtxLen();
        WindowIndex index = WindowIndex.load(corpus, c, decoder, embedder, embeddingCache);
        return new HardNegatives(index, ex -> embedder.embed(List.of(
            WindowIndex.text(corpus, decoder, ex.start(), ex.length()))).get(0));
    }

    private void buildSplit(ModuleCache module, TokenCorpus corpus, SplitActivations acts,
                            BitSet selected, Neighbours neighbours, SplitCache loaded,
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
                runBatch(module, corpus, acts, batch, neighbours, loaded, sink);
                batch.clear();
                batchActivations = 0;
            }
        }
        if (!batch.isEmpty()) {
            runBatch(module, corpus, acts, batch, neighbours, loaded, sink);
        }
    }

    private void runBatch(ModuleCache module, TokenCorpus corpus, SplitActivations acts,
                          List<Integer> latents, Neighbours neighbours, SplitCache loaded,
                          Consumer<RecordBatch> sink) {
        int[] ids = latents.stream().mapToInt(Integer::intValue).toArray();
        ActivationLookup lookup = neighbours == null ? null : loaded::activations;
        List<LatentExamples> built = backend.construct(new ConstructionBatch(module.name(), corpus,
            acts, ids, settings.constructor(), neighbours, lookup, hardNegatives));
        List<LatentRecord> records = built.parallelStream()
            .map(ex -> new LatentRecord(ex, ex.isSkipped() ? null : sampler.sample(ex)))
            .toList();
        records.forEach(r -> (r.isSkipped() ? stats.tooRare : stats.built).incrementAndGet());
        sink.accept(new RecordBatch(module, records));
    }

    /**
     * Loaded splits of one module. Without neighbours a split is dropped once built; with them
     * every split stays, since any latent may be another's neighbour.
     */
    private static final class SplitCache {
        private final ModuleCache module;
        private final TokenCorpus corpus;
        private final Map<SplitFile, SplitActivations> kept = new ConcurrentHashMap<>();

        SplitCache(ModuleCache module, TokenCorpus corpus) {
            this.module = module;
            this.corpus = corpus;
        }

        SplitActivations get(SplitFile split, boolean keep) {
            SplitActivations a = kept.get(split);
            if (a != null) {
                return a;
            }
            a = load(split);
            if (keep) {
                kept.put(split, a);
            }
            return a;
        }

        private SplitActivations load(SplitFile split) {
            try (SafetensorsFile file = SafetensorsFile.open(split.path())) {
                module.checkTokensShape(file, corpus);
                return SplitActivations.load(file, split, corpus.nSeq(), corpus.seqLen());
            }
        }

        synchronized LatentActivations activations(int latent) {
            SplitFile split = module.splitOf(latent);
            return split == null ? null : get(split, true).latent(latent);
        }
    }
}

package dev.augur.record;

import dev.augur.AugurException;
import dev.augur.cache.LatentActivations;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import dev.augur.cache.TokenCorpus;
import dev.augur.construct.ActivationLookup;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.HardNegatives;
import dev.augur.construct.Neighbours;
import dev.augur.construct.NonActivatingSource;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.embed.WindowIndex;
import dev.augur.tokenizer.TokenDecoder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What building the records of one module needs besides its splits: the token corpus (kept
 * mapped while any record refers to it), the neighbours and the embedding hard negatives when
 * those sources are on, and the loaded splits. Without neighbours only the latest split is
 * kept; with them every split stays, since any latent may be another's neighbour.
 */
final class ModuleContext {
    private final ModuleCache module;
    private final TokenCorpus corpus;
    private final RecordSettings settings;
    private final Neighbours neighbours;
    private final HardNegatives hardNegatives;
    private final Map<SplitFile, SplitActivations> kept = new ConcurrentHashMap<>();
    private volatile SplitFile lastSplit;
    private volatile SplitActivations last;

    ModuleContext(ModuleCache module, SplitFile first, RecordSettings settings,
                  TokenDecoder decoder, SentenceEmbedder embedder, Path embeddingCache) {
        this.module = module;
        this.settings = settings;
        this.corpus = module.openCorpus(first);
        settings.constructor().checkSequenceLength(corpus.seqLen(), module.dir().toString());
        if (settings.constructor().nonActivating() == NonActivatingSource.NEIGHBOURS) {
            if (settings.neighbours() == null) {
                throw new AugurException("--non-activating neighbours needs --neighbours FILE_OR_DIR");
            }
            // computed ones are named by their method: a resumed run with another method has two files
            this.neighbours = Neighbours.read(settings.computeNeighbours() != null
                ? settings.neighbours().resolve(settings.computeNeighbours().method().fileName(module.name()))
                : Neighbours.locate(settings.neighbours(), module.name()));
        } else {
            this.neighbours = null;
        }
        this.hardNegatives = settings.constructor().nonActivating() == NonActivatingSource.EMBEDDING
            ? hardNegatives(decoder, embedder, embeddingCache) : null;
    }

    private HardNegatives hardNegatives(TokenDecoder decoder, SentenceEmbedder embedder, Path dir) {
        if (decoder == null || embedder == null) {
            throw new AugurException("--non-activating embedding compares window texts and needs "
                + "a tokenizer (--tokenizer FILE)");
        }
        int c = settings.constructor().exampleCtxLen();
        WindowIndex index = WindowIndex.load(corpus, c, decoder, embedder, dir);
        return new HardNegatives(index, ex -> embedder.embed(List.of(
            WindowIndex.text(corpus, decoder, ex.start(), ex.length()))).get(0));
    }

    ModuleCache module() {
        return module;
    }

    TokenCorpus corpus() {
        return corpus;
    }

    /** The split's activations, loaded once while it is the latest (or kept for neighbours). */
    synchronized SplitActivations split(SplitFile split) {
        if (split.equals(lastSplit)) {
            return last;
        }
        SplitActivations a = kept.get(split);
        if (a == null) {
            a = load(split);
            if (neighbours != null) {
                kept.put(split, a);
            }
        }
        lastSplit = split;
        last = a;
        return a;
    }

    private SplitActivations load(SplitFile split) {
        try (SafetensorsFile file = SafetensorsFile.open(split.path())) {
            module.checkTokensShape(file, corpus);
            return SplitActivations.load(file, split, corpus.nSeq(), corpus.seqLen());
        }
    }

    private synchronized LatentActivations activations(int latent) {
        SplitFile split = module.splitOf(latent);
        if (split == null) {
            return null;
        }
        SplitActivations a = kept.computeIfAbsent(split, this::load);
        return a.latent(latent);
    }

    ConstructionBatch batch(SplitActivations acts, int[] latents) {
        ActivationLookup lookup = neighbours == null ? null : this::activations;
        return new ConstructionBatch(module.name(), corpus, acts, latents, settings.constructor(),
            neighbours, lookup, hardNegatives);
    }
}

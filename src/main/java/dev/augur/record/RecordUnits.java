package dev.augur.record;

import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.LatentExamples;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.sample.Sampler;
import dev.augur.tokenizer.TokenDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The record build of {@link RecordSource} cut into work units, for the actor pipeline: a
 * unit is a few selected latents of one split, planned the same way on every node, then
 * loaded (dataset stage), constructed by an {@code ExampleConstructor} (construct stage) and
 * sampled (sample stage) separately.
 * The steps produce exactly what {@link RecordSource} produces for the same latents.
 */
public final class RecordUnits {
    /** Selected latents of one split of one module; {@code id} is its place in the plan. */
    public record Unit(int id, String module, int[] latents) {
        public int size() {
            return latents.length;
        }
    }

    /** A loaded unit: its split's activations, the live latents and the dead count. */
    public record Loaded(Unit unit, ConstructionBatch batch, int dead) {
    }

    private final LatentCache cache;
    private final RecordSettings settings;
    private final Map<String, ModuleContext> contexts = new ConcurrentHashMap<>();
    private TokenDecoder decoder;
    private SentenceEmbedder embedder;
    private Path embeddingCache;

    public RecordUnits(LatentCache cache, RecordSettings settings) {
        this.cache = cache;
        this.settings = settings;
    }

    /** What the EMBEDDING non-activating source needs: texts, a model, a cache folder. */
    public RecordUnits withEmbeddings(TokenDecoder decoder, SentenceEmbedder embedder, Path dir) {
        this.decoder = decoder;
        this.embedder = embedder;
        this.embeddingCache = dir;
        return this;
    }

    /**
     * Every selected latent, module by module and split by split, in units of at most
     * {@code maxLatents}; deterministic, so coordinators on several nodes agree on unit ids.
     */
    public List<Unit> plan(int maxLatents) {
        List<Unit> units = new ArrayList<>();
        List<String> modules = settings.modules().isEmpty() ? cache.modules() : settings.modules();
        for (String name : modules) {
            ModuleCache m = cache.module(name);
            BitSet selected = m.select(settings.selectionFor(name));
            for (SplitFile split : m.splitsFor(selected)) {
                int[] buf = new int[maxLatents];
                int n = 0;
                for (int l = selected.nextSetBit(split.start()); l >= 0 && l <= split.end();
                     l = selected.nextSetBit(l + 1)) {
                    buf[n++] = l;
                    if (n == maxLatents) {
                        units.add(new Unit(units.size(), name, buf.clone()));
                        n = 0;
                    }
                }
                if (n > 0) {
                    units.add(new Unit(units.size(), name, java.util.Arrays.copyOf(buf, n)));
                }
            }
        }
        return units;
    }

    /** How many latents the selection holds over all modules (checks the modules and the selection). */
    public static long countSelected(LatentCache cache, RecordSettings settings) {
        long n = 0;
        for (String name : settings.modules().isEmpty() ? cache.modules() : settings.modules()) {
            n += cache.module(name).select(settings.selectionFor(name)).cardinality();
        }
        return n;
    }

    /** Dataset stage: maps the unit's split (kept while later units use it) and drops dead latents. */
    public Loaded load(Unit unit) {
        ModuleCache m = cache.module(unit.module());
        SplitFile split = m.splitOf(unit.latents()[0]);
        ModuleContext context = contexts.computeIfAbsent(unit.module(), k -> new ModuleContext(m,
            split, settings, decoder, embedder, embeddingCache));
        SplitActivations acts = context.split(split);
        int[] live = java.util.Arrays.stream(unit.latents()).filter(l -> acts.count(l) > 0).toArray();
        return new Loaded(unit, context.batch(acts, live), unit.size() - live.length);
    }

    /**
     * Sample stage: train and test sets (none for a latent construction skipped), skipping
     * latents left without train examples when {@code needsTrain}, as {@link RecordSource} does.
     */
    public static List<LatentRecord> sample(Sampler sampler, List<LatentExamples> built,
                                            boolean needsTrain) {
        return built.parallelStream()
            .map(ex -> LatentRecord.sample(ex, sampler, needsTrain))
            .toList();
    }
}

package dev.augur.construct.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.augur.cache.DType;
import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.SplitActivations;
import dev.augur.cache.SplitFile;
import dev.augur.cache.TokenCorpus;
import dev.augur.construct.ConstructionBatch;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.ExampleWindow;
import dev.augur.construct.LatentExamples;
import dev.augur.construct.NonActivatingWindow;
import dev.augur.testing.TestCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Caches for comparing the CUDA backend with the CPU one, and the comparison itself: random
 * heavy-tailed latents (some dead, every fifth with tied values), dense latents (active in
 * every window, several times), rare latents (one or two activations), written with the
 * requested locations dtype.
 */
final class GeneratedCaches {
    static final String MODULE = "layers.2.mlp";

    private GeneratedCaches() {
    }

    /** Writes a cache of {@code width} latents in 3 splits; returns the cache root. */
    static Path write(Path dir, long seed, DType locations, int nSeq, int seqLen, int width)
        throws IOException {
        TestCache cache = TestCache.withPatternTokens(nSeq, seqLen, 50_000)
            .randomActivations(width, seed, nSeq * seqLen / 3).locationsDtype(locations);
        Random r = new Random(seed * 31 + 7);
        int dense = width;
        int rare = width + 1;
        for (int flat = 0; flat < nSeq * seqLen; flat++) {
            if (flat % 3 == 0 || r.nextInt(8) == 0) { // every window, several times
                cache.add(flat / seqLen, flat % seqLen, dense, r.nextInt(4) == 0 ? 2f
                    : (float) Math.exp(r.nextGaussian()));
            }
        }
        for (int k = 0; k < 2; k++) {
            int flat = r.nextInt(nSeq * seqLen);
            cache.add(flat / seqLen, flat % seqLen, rare, 1.5f);
        }
        int last = width + 1;
        cache.write(dir, MODULE, new int[][] {{0, width / 3}, {width / 3 + 1, width - 1},
            {width, last}});
        return dir;
    }

    /** One batch per split holding all its live latents, like RecordSource makes them. */
    static List<ConstructionBatch> batches(Path root, ConstructorConfig cfg) {
        ModuleCache module = LatentCache.open(root).module(MODULE);
        TokenCorpus corpus = module.openCorpus(module.splits().get(0));
        List<ConstructionBatch> out = new ArrayList<>();
        for (SplitFile split : module.splits()) {
            SplitActivations acts;
            try (SafetensorsFile file = SafetensorsFile.open(split.path())) {
                acts = SplitActivations.load(file, split, corpus.nSeq(), corpus.seqLen());
            }
            int[] live = java.util.stream.IntStream.rangeClosed(split.start(), split.end())
                .filter(l -> acts.count(l) > 0).toArray();
            out.add(new ConstructionBatch(MODULE, corpus, acts, live, cfg, null, null, null));
        }
        return out;
    }

    /** Every field of every example and non-activating example, activations bit for bit. */
    static void assertSameExamples(List<LatentExamples> cpu, List<LatentExamples> other) {
        assertEquals(cpu.size(), other.size(), "latents");
        for (int i = 0; i < cpu.size(); i++) {
            LatentExamples a = cpu.get(i);
            LatentExamples b = other.get(i);
            String at = "latent " + a.latent();
            assertEquals(a.module(), b.module(), at);
            assertEquals(a.latent(), b.latent(), at);
            assertEquals(a.nActivations(), b.nActivations(), at);
            assertEquals(a.perTokenFrequency(), b.perTokenFrequency(), at);
            assertEquals(a.perContextFrequency(), b.perContextFrequency(), at);
            assertEquals(a.skipped(), b.skipped(), at);
            assertEquals(a.note(), b.note(), at);
            assertEquals(a.examples().size(), b.examples().size(), at + " examples");
            for (int k = 0; k < a.examples().size(); k++) {
                ExampleWindow x = a.examples().get(k);
                ExampleWindow y = b.examples().get(k);
                String ex = at + " example " + k;
                assertEquals(x.start(), y.start(), ex + " start");
                assertEquals(x.length(), y.length(), ex);
                assertEquals(Float.floatToRawIntBits(x.maxActivation()),
                    Float.floatToRawIntBits(y.maxActivation()), ex + " max");
                assertArrayEquals(x.tokens(), y.tokens(), ex + " tokens");
                assertArrayEquals(bits(x.activations()), bits(y.activations()), ex + " activations");
                assertEquals(x.acts().size(), y.acts().size(), ex + " activation slice");
            }
            // the same views: corpus, start, length, slice of the same shared arrays, maximum
            assertEquals(a.examples(), b.examples(), at + " example views");
            assertEquals(a.nonActivating(), b.nonActivating(), at + " non-activating views");
            assertEquals(a.nonActivating().size(), b.nonActivating().size(), at + " negatives");
            for (int k = 0; k < a.nonActivating().size(); k++) {
                NonActivatingWindow x = a.nonActivating().get(k);
                NonActivatingWindow y = b.nonActivating().get(k);
                assertEquals(x.start(), y.start(), at + " negative " + k);
                assertEquals(x.distance(), y.distance(), at + " negative " + k);
                assertArrayEquals(bits(x.activations()), bits(y.activations()), at + " negative " + k);
            }
        }
    }

    private static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}

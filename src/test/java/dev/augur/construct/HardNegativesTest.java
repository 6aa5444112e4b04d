package dev.augur.construct;

import dev.augur.testing.ScoringRunFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.LatentCache;
import dev.augur.cache.LatentSelection;
import dev.augur.embed.MiniLmEmbedder;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.embed.WindowIndex;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordSettings;
import dev.augur.record.RecordSource;
import dev.augur.testing.EmbeddingSimilarity;
import dev.augur.sample.SamplerConfig;
import dev.augur.testing.TestTokenizer;
import dev.augur.tokenizer.TokenDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedding hard negatives (delphi's FAISS source) with the real in-process model: they hold no
 * activation of the latent, are closer to its activating examples than random windows are
 * (measured), and the window embeddings are cached on disk.
 */
class HardNegativesTest {
    @TempDir
    Path dir;

    /** Counts texts embedded, to show the cache is used. */
    static final class Counting implements SentenceEmbedder {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public List<float[]> embed(List<String> t) {
            texts.addAndGet(t.size());
            return MiniLmEmbedder.shared().embed(t);
        }

        @Override
        public String name() {
            return MiniLmEmbedder.shared().name();
        }
    }

    private List<LatentRecord> build(Path cache, NonActivatingSource source, SentenceEmbedder e) {
        ConstructorConfig cfg = new ConstructorConfig(8, 20, 0, 12, WindowMode.ALIGNED, source, 22);
        RecordSource rs = new RecordSource(LatentCache.open(cache), new RecordSettings(List.of(),
            Map.of(RecordSettings.ANY_MODULE, LatentSelection.parse("0:2")), cfg,
            SamplerConfig.defaults(22), null), new CpuExampleConstructor());
        rs.withEmbeddings(TokenDecoder.open(TestTokenizer.BYTE_BPE),
            e, dir.resolve("emb-cache"));
        List<LatentRecord> out = new ArrayList<>();
        rs.forEachBatch(b -> out.addAll(b.records()));
        return out;
    }


    @Test
    void hardNegativesAreSilentAndCloserThanRandomOnes() throws Exception {
        Path cache = ScoringRunFixture.writeCache(dir);
        Counting counting = new Counting();
        List<LatentRecord> hard = build(cache, NonActivatingSource.EMBEDDING, counting);
        int firstRun = counting.texts.get();
        List<LatentRecord> random = build(cache, NonActivatingSource.RANDOM, counting);
        TokenDecoder d = TokenDecoder.open(TestTokenizer.BYTE_BPE);
        assertEquals(2, hard.size());
        for (int i = 0; i < hard.size(); i++) {
            LatentRecord r = hard.get(i);
            List<NonActivatingWindow> neg = r.examples().nonActivating();
            assertEquals(12, neg.size());
            Set<Long> active = r.examples().examples().stream().map(ExampleWindow::start)
                .collect(Collectors.toSet());
            assertEquals(12, neg.stream().map(NonActivatingWindow::start).distinct().count());
            for (NonActivatingWindow w : neg) {
                assertFalse(active.contains(w.start()), "a hard negative where the latent fires");
                if (r.latent() == 0) { // latent 0 fires on every " the" (token 6)
                    assertTrue(java.util.Arrays.stream(w.tokens()).noneMatch(t -> t == 6));
                }
            }
            double hardSim = EmbeddingSimilarity.meanNearest(r, neg, d);
            double randomSim = EmbeddingSimilarity.meanNearest(random.get(i), random.get(i).examples().nonActivating(), d);
            System.out.printf("latent %d: mean nearest cosine to the activating examples: hard %.3f, random %.3f%n",
                r.latent(), hardSim, randomSim);
            assertTrue(hardSim > randomSim, "latent " + r.latent() + ": hard " + hardSim
                + " vs random " + randomSim);
        }
        // every window was embedded once (64 x 32 / 8 = 256) and cached on disk
        assertEquals(256, firstRun);
        try (var files = Files.list(dir.resolve("emb-cache"))) {
            assertEquals(1, files.count());
        }
        counting.texts.set(0);
        List<LatentRecord> again = build(cache, NonActivatingSource.EMBEDDING, counting);
        assertEquals(0, counting.texts.get(), "a rerun reads the cache instead of embedding");
        assertEquals(hard.get(0).examples().nonActivating().stream().map(NonActivatingWindow::start).toList(),
            again.get(0).examples().nonActivating().stream().map(NonActivatingWindow::start).toList());
        ExampleWindow first = hard.get(0).examples().examples().get(0);
        assertEquals(String.join("", d.decode(first.tokens())),
            WindowIndex.text(first.corpus(), d, first.start(), 8));
    }
}

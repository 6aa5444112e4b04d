package dev.augur.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.LatentCache;
import dev.augur.cache.LatentSelection;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.CpuExampleConstructor;
import dev.augur.construct.ExampleWindow;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.NonActivatingWindow;
import dev.augur.construct.WindowMode;
import dev.augur.embed.MiniLmEmbedder;
import dev.augur.embed.SentenceEmbedder;
import dev.augur.record.LatentRecord;
import dev.augur.record.RecordSettings;
import dev.augur.record.RecordSource;
import dev.augur.sample.SamplerConfig;
import dev.augur.testing.EmbeddingSimilarity;
import dev.augur.tokenizer.TokenDecoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embedding hard negatives on the demo cache, measured against random negatives. */
class DemoEmbeddingTest {
    static final Path DEMO = Path.of("src/main/resources/dev/augur/demo");

    @TempDir
    Path dir;

    private List<LatentRecord> build(NonActivatingSource source, TokenDecoder d) {
        ConstructorConfig c = new ConstructorConfig(16, 20, 0, 20, WindowMode.ALIGNED, source, 22);
        RecordSource rs = new RecordSource(LatentCache.open(DEMO.resolve("latents")), new RecordSettings(
            List.of(), Map.of(RecordSettings.ANY_MODULE, LatentSelection.parse("6,7,8")), c,
            SamplerConfig.defaults(22), null), new CpuExampleConstructor());
        rs.withEmbeddings(d, MiniLmEmbedder.shared(), dir.resolve("emb"));
        List<LatentRecord> out = new ArrayList<>();
        rs.forEachBatch(b -> out.addAll(b.records()));
        return out;
    }


    @Test
    void hardNegativesAreSilentAndCloserToTheExamplesThanRandomWindows() {
        TokenDecoder d = TokenDecoder.open(DEMO.resolve("gpt2-tokenizer.json"));
        List<LatentRecord> hard = build(NonActivatingSource.EMBEDDING, d);
        List<LatentRecord> random = build(NonActivatingSource.RANDOM, d);
        assertEquals(3, hard.size());
        for (int i = 0; i < 3; i++) {
            LatentRecord r = hard.get(i);
            Set<Long> active = r.examples().examples().stream().map(ExampleWindow::start)
                .collect(Collectors.toSet());
            assertEquals(20, r.examples().nonActivating().size());
            for (NonActivatingWindow w : r.examples().nonActivating()) {
                assertFalse(active.contains(w.start()), "hard negative in an active window");
                float max = 0;
                for (float a : w.activations()) {
                    max = Math.max(max, a);
                }
                assertEquals(0f, max);
            }
            double h = EmbeddingSimilarity.meanNearest(r, r.examples().nonActivating(), d);
            double rnd = EmbeddingSimilarity.meanNearest(random.get(i), random.get(i).examples().nonActivating(), d);
            System.out.printf("demo latent %d: mean best cosine to the top-10 examples: hard %.3f, random %.3f%n",
                r.latent(), h, rnd);
            assertTrue(h > rnd, "latent " + r.latent() + ": " + h + " vs " + rnd);
        }
    }
}

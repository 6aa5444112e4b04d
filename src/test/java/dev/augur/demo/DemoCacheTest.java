package dev.augur.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.augur.cache.LatentCache;
import dev.augur.cache.ModuleCache;
import dev.augur.cache.SafetensorsFile;
import dev.augur.cache.DType;
import dev.augur.construct.ConstructorConfig;
import dev.augur.construct.NonActivatingSource;
import dev.augur.construct.WindowMode;
import dev.augur.record.LatentRecord;
import dev.augur.sample.SamplerConfig;
import dev.augur.testing.Records;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped demo cache: delphi's layout, read by the normal path, rebuilt byte for byte. */
class DemoCacheTest {
    static final Path SHIPPED = Path.of("src/main/resources/dev/augur/demo");

    @TempDir
    Path dir;

    @Test
    void loadsThroughTheNormalCachePath() throws Exception {
        ModuleCache m = LatentCache.open(SHIPPED.resolve("latents")).module(DemoCache.MODULE);
        assertEquals("openai-community/gpt2", m.config().modelName());
        assertEquals(2, m.splits().size());
        assertEquals(DemoCache.WIDTH, m.width());
        try (SafetensorsFile f = SafetensorsFile.open(m.splits().get(0).path())) {
            assertEquals(DType.U16, f.info("locations").dtype());
            assertEquals(DType.F16, f.info("activations").dtype());
            assertEquals(DType.I64, f.info("tokens").dtype());
        }
        ConstructorConfig c = new ConstructorConfig(32, 20, 0, 20, WindowMode.ALIGNED,
            NonActivatingSource.RANDOM, 22);
        Records.Built built = Records.source(SHIPPED.resolve("latents"), "all", c,
            SamplerConfig.defaults(22), null);
        assertEquals(2, built.source().stats().dead());
        // months (11 windows), "elephant" (3), "London" (5) fire too rarely for min_examples 20
        assertEquals(3, built.source().stats().tooRare());
        // one latent has under 60 examples: 10 quantiles of at most 5, all taken by the 50-example
        // test set (5 per quantile), none left to train on: skipped, an explainer would see nothing
        assertEquals(1, built.source().stats().noTrainExamples());
        assertEquals(18, built.source().stats().built());
        built.records().stream().filter(r -> LatentRecord.NO_TRAIN_EXAMPLES.equals(r.skipped()))
            .forEach(r -> assertTrue(r.samples().train().isEmpty() && r.examples().examples().size() < 60,
                r.name() + ": " + r.examples().examples().size()));
        // latent 2 is "the word the": every example has " the" (GPT-2 id 262) at its maximum
        LatentRecord the = built.records().stream().filter(r -> r.latent() == 2).findFirst().orElseThrow();
        the.examples().examples().forEach(e -> {
            float[] a = e.activations();
            int arg = 0;
            for (int i = 1; i < a.length; i++) {
                arg = a[i] > a[arg] ? i : arg;
            }
            assertEquals(262, e.tokens()[arg]);
        });
    }

    @Test
    void theGeneratorRebuildsItByteForByte() throws Exception {
        DemoCache.generate(SHIPPED.resolve("devils-dictionary.txt"), SHIPPED.resolve("gpt2-tokenizer.json"), dir);
        List<Path> shipped;
        try (Stream<Path> s = Files.walk(SHIPPED)) {
            shipped = s.filter(Files::isRegularFile).map(SHIPPED::relativize)
                .filter(p -> p.startsWith("latents") || p.startsWith("explanations")).sorted().toList();
        }
        assertEquals(3 + 22, shipped.size(), shipped.toString());
        for (Path p : shipped) {
            assertArrayEquals(Files.readAllBytes(SHIPPED.resolve(p)), Files.readAllBytes(dir.resolve(p)), p.toString());
        }
        assertTrue(Files.readString(dir.resolve("explanations/layers.6.mlp_latent2.txt")).contains("the"));
    }
}
